/**
 * Test certificates made with the openssl CLI (no openssl npm library is installed). Every date is fixed
 * (`openssl ca -startdate/-enddate`), so the expired certificate is expired on any clock after 2020 and the
 * valid ones stay valid until 2099: no faketime, no `-days 0` races.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  readonly key: string;
  readonly cert: string;
}

export interface TestCertificates {
  /** The private CA that signed `valid`, `expired` and `wrongHost`. */
  readonly ca: string;
  /** localhost + 127.0.0.1, 2020–2099. */
  readonly valid: KeyAndCert;
  /** localhost + 127.0.0.1, valid only on 2020-01-01. */
  readonly expired: KeyAndCert;
  /** wrong.example only, 2020–2099. */
  readonly wrongHost: KeyAndCert;
  /** localhost + 127.0.0.1, signed by its own key. */
  readonly selfSigned: KeyAndCert;
}

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
email_in_dn = no
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[ policy_any ]
commonName = supplied
`;

const FROM_2020 = '20200101000000Z';
const UNTIL_2099 = '20991231235959Z';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes every certificate in a temporary folder, reads them, and removes the folder. ~100 ms. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'zw-certs-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  try {
    writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    const request = (name: string, cn: string, san?: string): void => {
      run(
        'req',
        '-new',
        '-config',
        'openssl.cnf',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${cn}`,
        ...(san ? ['-addext', `subjectAltName=${san}`] : []),
      );
    };
    const sign = (name: string, extensions: string, from: string, until: string, selfSign = false): KeyAndCert => {
      run(
        'ca',
        '-batch',
        '-config',
        'openssl.cnf',
        '-notext',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.crt`,
        '-extensions',
        extensions,
        '-startdate',
        from,
        '-enddate',
        until,
        ...(selfSign ? ['-selfsign', '-keyfile', `${name}.key`] : ['-cert', 'ca.crt', '-keyfile', 'ca.key']),
      );
      return { key: read(`${name}.key`), cert: read(`${name}.crt`) };
    };
    const local = 'DNS:localhost,IP:127.0.0.1';
    request('ca', 'Zipwhip Webhooks Test CA');
    const ca = sign('ca', 'ca_ext', FROM_2020, UNTIL_2099, true).cert;
    request('valid', 'localhost', local);
    request('expired', 'localhost', local);
    request('wrong', 'wrong.example', 'DNS:wrong.example');
    request('self', 'localhost', local);
    return {
      ca,
      valid: sign('valid', 'leaf_ext', FROM_2020, UNTIL_2099),
      expired: sign('expired', 'leaf_ext', FROM_2020, '20200102000000Z'),
      wrongHost: sign('wrong', 'leaf_ext', FROM_2020, UNTIL_2099),
      selfSigned: sign('self', 'leaf_ext', FROM_2020, UNTIL_2099, true),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
