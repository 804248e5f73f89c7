@testable import IdxScopePostgres
import IdxScopeCore
import XCTest

/// Pure: how a target is completed for libpq and shown to the user (no server).
final class ConnectionTargetTests: XCTestCase {
    private func parameters(_ target: String) throws -> [String: String] {
        Dictionary(try ConnectionTarget(target).connectParameters(), uniquingKeysWith: { $1 })
    }

    func testTargetGoesToLibpqUnchangedWithOnlyAFallbackName() throws {
        let uri = "postgresql://me:pw@db.example:6543/app?sslmode=require&options=-c%20work_mem%3D7MB&application_name=mine"
        let completed = try parameters(uri)
        XCTAssertEqual(completed["dbname"], uri)
        XCTAssertEqual(completed["fallback_application_name"], "idxscope")
        // Nothing that would override what the target, a service file or PG* variables say.
        XCTAssertEqual(Set(completed.keys), ["dbname", "fallback_application_name"])
        XCTAssertEqual(ConnectionTarget.environmentDefaults, ["PGCONNECT_TIMEOUT": "10"])
    }

    func testSchemeIsRecognisedInAnyCase() throws {
        XCTAssertEqual(try ConnectionTarget("POSTGRESQL://me:pw@h:5/db").target, "postgresql://me:pw@h:5/db")
        XCTAssertEqual(try ConnectionTarget("Postgres://me@h/db").given["host"], "h")
        XCTAssertEqual(try ConnectionTarget("Postgres://me@h/db").displayName, "postgresql://me@h/db")
        XCTAssertEqual(ConnectionTarget.lowercasingScheme("host=h dbname=POSTGRES://x"), "host=h dbname=POSTGRES://x")
    }

    func testRawAtOrSlashInAURIPasswordIsRefusedWithoutQuotingIt() {
        for target in ["postgresql://me:p@ss@h:5432/db", "postgresql://me:pa/ss@h:5432/db", "postgresql://me:p?a@ss@h/db"] {
            XCTAssertThrowsError(try ConnectionTarget(target), target) { error in
                let message = (error as? IdxScopeError)?.message ?? ""
                XCTAssertEqual((error as? IdxScopeError)?.kind, .input)
                XCTAssertTrue(message.hasPrefix("invalid PostgreSQL target: "), message)
                for fragment in ["ss", "pa", "p@"] { XCTAssertFalse(message.contains(fragment + "@") || message.contains(fragment + "/"), message) }
                XCTAssertFalse(message.contains("me:"), message)
            }
        }
        // "@" in the query (a user name with a domain) and encoded separators are fine.
        XCTAssertNoThrow(try ConnectionTarget("postgresql://h/db?user=me@corp"))
        XCTAssertEqual(try ConnectionTarget("postgresql://me:p%40ss%2F@h/db").given["password"], "p@ss/")
    }

    func testScrubHidesEverySecretAndItsEncodedForm() {
        XCTAssertEqual(ConnectionTarget.scrub("x p@ss/w y p%40ss%2Fw", secrets: ["p@ss/w"]), "x *** y ***")
        XCTAssertEqual(ConnectionTarget.scrub("user a, 1 of 2", secrets: ["a"]), "user a, 1 of 2", "one letter: structural rules only")
    }

    func testDisplayNameNeverHoldsThePassword() throws {
        XCTAssertEqual(try ConnectionTarget("postgresql://me:s3cret@db.example:6543/app").displayName,
                       "postgresql://me@db.example:6543/app")
        XCTAssertEqual(try ConnectionTarget("host=/var/run/postgresql dbname=app user=me password=s3cret").displayName,
                       "postgresql://me@/app?host=/var/run/postgresql")
        XCTAssertEqual(try ConnectionTarget("app").displayName, "postgresql:///app")
        XCTAssertEqual(ConnectionTarget.uri(host: "::1", port: "5432", user: nil, dbname: "my db"), "postgresql://[::1]:5432/my%20db")
    }

    func testScrubRemovesPasswordsFromMessages() {
        XCTAssertEqual(ConnectionTarget.scrub("bad: postgresql://me:hunter2@h/db", password: nil), "bad: postgresql://me:***@h/db")
        XCTAssertEqual(ConnectionTarget.scrub("in \"host=h password='a b' user=x\"", password: nil), "in \"host=h password=*** user=x\"")
        XCTAssertEqual(ConnectionTarget.scrub("echo s3cret-pw here", password: "s3cret-pw"), "echo *** here")
    }

    func testMalformedURIIsAnInputError() {
        XCTAssertThrowsError(try ConnectionTarget("postgresql://me:pw@h/db?nonsense_option=1")) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .input)
            XCTAssertFalse((error as? IdxScopeError)?.message.contains("pw@") ?? true)
        }
    }

    func testBadlyEncodedPasswordNeverAppearsInTheParseError() {
        let cases = [("postgresql://postgres:s3cr%zzet@127.0.0.1:54329/x", ["s3cr", "zzet"]),
                     ("postgresql://postgres:s3cr%00et@127.0.0.1:54329/x", ["s3cr", "00et"]),
                     ("postgresql://postgres:p@ss%w0rd@127.0.0.1:54329/x", ["ss%w", "w0rd"])]
        for (target, fragments) in cases {
            XCTAssertThrowsError(try ConnectionTarget(target), target) { error in
                let error = error as? IdxScopeError
                XCTAssertEqual(error?.kind, .input)
                let message = error?.message ?? ""
                XCTAssertTrue(message.hasPrefix("invalid PostgreSQL target: "), message)
                for fragment in fragments { XCTAssertFalse(message.contains(fragment), "\(fragment) leaked: \(message)") }
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
        // Tokens that are not the password stay quoted, so the user sees what is wrong.
        XCTAssertThrowsError(try ConnectionTarget("postgresql://me:pw@h/db%zz")) { error in
            XCTAssertEqual((error as? IdxScopeError)?.message, "invalid PostgreSQL target: invalid percent-encoded token: \"db%zz\"")
        }
    }
}
