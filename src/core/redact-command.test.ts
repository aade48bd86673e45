import { describe, expect, it } from 'vitest'
import { isSecretKey, REDACTED, redact, redactText } from './redact.js'

const R = REDACTED

describe('secrets on command lines', () => {
  it.each([
    ['curl --password hunter2 https://x', `curl --password ${R} https://x`],
    ['deploy --db-pass "hunter 2" --port 8080', `deploy --db-pass "${R}" --port 8080`],
    ['keytool -storepass changeit -keypass changeit', `keytool -storepass ${R} -keypass ${R}`],
    [
      'etcd --auth-token simple --client-cert-auth --trusted-ca-file ca.crt',
      `etcd --auth-token ${R} --client-cert-auth --trusted-ca-file ca.crt`,
    ],
    ['mysql -uroot -phunter2 appdb', `mysql -uroot -p${R} appdb`],
    ["/usr/bin/mysqldump -p'hunter 2' appdb", `/usr/bin/mysqldump -p'${R}' appdb`],
    ['docker exec db mariadb -phunter2', `docker exec db mariadb -p${R}`],
    ['sshpass -p hunter2 ssh -p 2222 host', `sshpass -p ${R} ssh -p 2222 host`],
    ['redis-cli -a hunter2 ping', `redis-cli -a ${R} ping`],
    ['curl -u admin:hunter2 https://x', `curl -u admin:${R} https://x`],
    ['curl -uadmin:hunter2 https://x', `curl -uadmin:${R} https://x`],
    ['curl -u "admin:hunter 2" https://x', `curl -u "admin:${R}" https://x`],
    ['etcdctl --user root:hunter2 get /', `etcdctl --user root:${R} get /`],
    ['etcdctl --user=root:hunter2 get /', `etcdctl --user=root:${R} get /`],
    ['db_pass=hunter2 MYSQL_PWD=hunter2', `db_pass=${R} MYSQL_PWD=${R}`],
    [
      'https://a.blob.core.windows.net/c?sv=2024&sig=abc%2Bdef&se=1',
      `https://a.blob.core.windows.net/c?sv=2024&sig=${R}&se=1`,
    ],
    ['{"args":["--password","hunter2"]}', `{"args":["--password","${R}"]}`],
    ["['--token', 'abc def']", `['--token', '${R}']`],
    ['["mysql","-uroot","-phunter2"]', `["mysql","-uroot","-p${R}"]`],
    ['["curl","-u","admin:hunter2"]', `["curl","-u","admin:${R}"]`],
  ])('redacts %j', (text, expected) => {
    expect(redactText(text)).toBe(expected)
  })

  it.each([
    'ssh -p 8080 host',
    'docker run -p 8080:80 etcd',
    'kubectl port-forward --port 8080',
    'curl --user alice https://x',
    'docker run -u 1000:1000 etcd',
    'git push -u origin HEAD:main',
    'sqlmap -u https://x/?id=1',
    'curl -u "$USER:$PASS" https://x',
    'curl --password $DB_PASSWORD https://x',
    'sshpass -p "$PW" ssh -p 2222 host',
    'mysql -u app -p appdb',
    'ansible-playbook --ask-pass site.yml',
    'psql --no-password appdb',
    'gh auth login --with-token < token.txt',
    'docker login --password-stdin',
    'PWD=/home/op OLDPWD=/tmp bypass=1',
    'token_id=tok-7 tokens_revoked=3',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text)
  })

  it('redacts the element after a secret flag in an argument array, not after other flags', () => {
    expect(redact(['psql', '--password', 'hunter2', '--port', 5432, '--user', 'alice'])).toEqual([
      'psql',
      '--password',
      R,
      '--port',
      5432,
      '--user',
      'alice',
    ])
    expect(redact(['cmd', '--pin-password', 1234, '--password', '--verbose'])).toEqual([
      'cmd',
      '--pin-password',
      R,
      '--password',
      '--verbose',
    ])
  })

  it('redacts the password of -u user:pass in an argument array, not uid:gid', () => {
    expect(redact(['curl', '-u', 'admin:hunter2', 'https://x'])).toEqual(['curl', '-u', `admin:${R}`, 'https://x'])
    expect(redact(['docker', 'run', '-u', '1000:1000'])).toEqual(['docker', 'run', '-u', '1000:1000'])
  })

  it("redacts a tool's first password flag in an argument array, glued or spaced as the tool takes it", () => {
    expect(redact(['docker', 'exec', 'db', 'mysql', '-uroot', '-phunter2'])).toEqual([
      'docker',
      'exec',
      'db',
      'mysql',
      '-uroot',
      `-p${R}`,
    ])
    expect(redact(['mysql', '-p', 'appdb'])).toEqual(['mysql', '-p', 'appdb'])
    expect(redact(['sshpass', '-p', 'hunter2', 'ssh', '-p', '2222', 'host'])).toEqual([
      'sshpass',
      '-p',
      R,
      'ssh',
      '-p',
      '2222',
      'host',
    ])
    expect(redact(['redis-cli', '-a', 'hunter2', 'ping'])).toEqual(['redis-cli', '-a', R, 'ping'])
    expect(redact(['nc', '-p', '8080', 'host'])).toEqual(['nc', '-p', '8080', 'host'])
  })

  it('under a secret key, redacts a whole argument array, user names included', () => {
    expect(redact({ password: ['curl', '-u', 'admin:hunter2'] })).toEqual({ password: [R, R, R] })
  })

  it('knows pass, pwd and sig as words of their own, not as suffixes', () => {
    for (const key of ['pass', 'db_pass', 'dbPass', 'DB-PASS', 'MYSQL_PWD', 'dbPwd', 'sig', 'token_sig', 'sshpass'])
      expect(isSecretKey(key), key).toBe(true)
    for (const key of ['bypass', 'compass', 'pwd', 'PWD', 'OLDPWD', 'passes', 'signal', 'token_id'])
      expect(isSecretKey(key), key).toBe(false)
  })
})
