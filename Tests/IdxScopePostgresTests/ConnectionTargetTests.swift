@testable import IdxScopePostgres
import IdxScopeCore
import XCTest

/// Pure: how a target is completed for libpq and shown to the user (no server).
final class ConnectionTargetTests: XCTestCase {
    private func parameters(_ target: String, environment: [String: String] = [:]) throws -> [String: String] {
        Dictionary(try ConnectionTarget(target).connectParameters(environment: environment), uniquingKeysWith: { $1 })
    }

    func testTargetGoesToLibpqUnchangedWithIdxscopesAdditions() throws {
        let uri = "postgresql://me:pw@db.example:6543/app?sslmode=require"
        let completed = try parameters(uri)
        XCTAssertEqual(completed["dbname"], uri)
        XCTAssertEqual(completed["connect_timeout"], "10")
        XCTAssertEqual(completed["application_name"], "idxscope")
        XCTAssertEqual(completed["options"], "-c statement_timeout=60000 -c lock_timeout=5000 -c jit=off -c default_transaction_read_only=on")
    }

    func testUserValuesAreNotClobbered() throws {
        let completed = try parameters("host=h connect_timeout=3 application_name=mine options='-c work_mem=64MB'")
        XCTAssertNil(completed["connect_timeout"])
        XCTAssertNil(completed["application_name"])
        XCTAssertEqual(completed["options"],
                       "-c statement_timeout=60000 -c lock_timeout=5000 -c jit=off -c work_mem=64MB -c default_transaction_read_only=on")
        let fromEnvironment = try parameters("", environment: ["PGCONNECT_TIMEOUT": "4", "PGOPTIONS": "-c search_path=x"])
        XCTAssertNil(fromEnvironment["connect_timeout"])
        XCTAssertTrue(fromEnvironment["options"]?.contains("-c search_path=x") == true)
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
                     ("postgresql://postgres:p@ss%word@127.0.0.1:54329/x", ["ss%w", "word"])]
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
