import IdxScopeCore
import XCTest

/// Statement texts as pg_stat_statements records them: every password is masked, the rest kept.
final class SecretMaskTests: XCTestCase {
    func testPasswordsInRoleUserMappingAndConnectionStrings() {
        let cases: [(String, String)] = [
            ("CREATE ROLE app LOGIN PASSWORD 'hunter2'", "CREATE ROLE app LOGIN PASSWORD '***'"),
            ("create user app with encrypted password 'it''s secret' valid until 'infinity'",
             "create user app with encrypted password '***' valid until 'infinity'"),
            ("ALTER ROLE app PASSWORD E'back\\\\slash\\'q'", "ALTER ROLE app PASSWORD '***'"),
            ("ALTER USER app WITH PASSWORD $pw$dollar 'quoted'$pw$ LOGIN", "ALTER USER app WITH PASSWORD '***' LOGIN"),
            ("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'remote', password 'r3m0te')",
             "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'remote', password '***')"),
            ("ALTER USER MAPPING FOR app SERVER s OPTIONS (SET password 'n3w')",
             "ALTER USER MAPPING FOR app SERVER s OPTIONS (SET password '***')"),
            ("SELECT dblink_connect('c', 'host=db dbname=app user=u password=s3cr3t')",
             "SELECT dblink_connect('c', 'host=db dbname=app user=u password=***')"),
            ("SELECT dblink_connect('host=db password = ''with space'' user=u')",
             "SELECT dblink_connect('host=db password = *** user=u')"),
            ("SELECT * FROM dblink('postgresql://u:pa55@db/app', 'SELECT 1') AS t(x int)",
             "SELECT * FROM dblink('postgresql://u:***@db/app', 'SELECT 1') AS t(x int)"),
        ]
        for (recorded, shown) in cases {
            XCTAssertEqual(SecretMask.masked(recorded), shown, recorded)
        }
        let secrets = ["hunter2", "it''s secret", "back", "dollar", "r3m0te", "n3w", "s3cr3t", "with space", "pa55"]
        for ((recorded, _), secret) in zip(cases, secrets) {
            XCTAssertTrue(recorded.contains(secret))
            XCTAssertFalse(SecretMask.masked(recorded).contains(secret), recorded)
        }
    }

    func testStatementsWithoutSecretsAreUnchanged() {
        for sql in ["SELECT * FROM job WHERE status = $1", "SELECT password_hash FROM users WHERE id = $1",
                    "UPDATE users SET password = $1 WHERE id = $2", "SELECT 'https://example.org/x'"] {
            XCTAssertEqual(SecretMask.masked(sql), sql)
        }
    }
}
