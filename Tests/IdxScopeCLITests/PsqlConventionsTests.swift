import Foundation
import IdxScopeTestSupport
import XCTest

/// Connection strings behave as in psql: each case runs psql and idxscope side by side on the real
/// primary and its streaming standby (scripts/pg-test-server.sh starts both).
final class PsqlConventionsTests: XCTestCase {
    private var uri: String!
    private var host = "127.0.0.1"
    private var primaryPort = 0
    private var standbyPort = 0

    override func setUpWithError() throws {
        let value = try TestPostgres.uri()
        uri = value
        let components = try XCTUnwrap(URLComponents(string: value))
        host = components.host ?? "127.0.0.1"
        primaryPort = components.port ?? 5432
        standbyPort = primaryPort + 1
        let standby = try? String(contentsOfFile: "/tmp/idxscope-pg-\(primaryPort)/standby.uri", encoding: .utf8)
        if standby == nil {
            try TestPostgres.missing("no standby beside \(value) (scripts/pg-test-server.sh start writes /tmp/idxscope-pg-\(primaryPort)/standby.uri)")
        }
    }

    /// This process's environment with `extra` on top (ProcessRunner.run takes a whole environment).
    private static func inherited(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    }

    /// The port psql ends up on, or nil when it fails.
    private func psqlPort(_ target: String, environment: [String: String] = [:]) throws -> Int? {
        let result = try ProcessRunner.run("psql", ["-X", "-At", "-w", "-c", "SELECT inet_server_port()", target],
                                           environment: Self.inherited(environment), timeout: 20)
        return result.status == 0 ? Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
    }

    /// The port idxscope ends up on (read back from the live connection it reports), or nil.
    private func idxscopePort(_ target: String, environment: [String: String] = [:]) throws -> Int? {
        let result = try ProcessRunner.idxscope(["indexes", target, "--no-sizes", "--format", "json"], environment: environment, timeout: 20)
        guard result.status == 0 else {
            XCTAssertEqual(result.status, 2, result.describe)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
            return nil
        }
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.describe)
        let database = try XCTUnwrap(report["database"] as? String)
        return try XCTUnwrap(URLComponents(string: database)?.port, database)
    }

    func testEveryTargetSessionAttrsValueOnPrimaryStandbyAndMultiHostAsPsql() throws {
        let hostLists = ["\(host):\(primaryPort)", "\(host):\(standbyPort)",
                         "\(host):\(primaryPort),\(host):\(standbyPort)", "\(host):\(standbyPort),\(host):\(primaryPort)"]
        var outcomes: [String] = []
        for attrs in ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"] {
            for hosts in hostLists {
                let target = "postgresql://postgres@\(hosts)/postgres?target_session_attrs=\(attrs)&connect_timeout=5"
                let expected = try psqlPort(target)
                XCTAssertEqual(try idxscopePort(target), expected, target)
                outcomes.append("\(attrs) \(hosts) → \(expected.map(String.init) ?? "refused")")
            }
        }
        // The cases the old startup option got wrong, stated outright.
        XCTAssertTrue(outcomes.contains("read-write \(host):\(primaryPort) → \(primaryPort)"), outcomes.joined(separator: "\n"))
        XCTAssertTrue(outcomes.contains("read-only \(host):\(primaryPort) → refused"), outcomes.joined(separator: "\n"))
        XCTAssertTrue(outcomes.contains("read-only \(host):\(primaryPort),\(host):\(standbyPort) → \(standbyPort)"), outcomes.joined(separator: "\n"))
    }

    /// work_mem and application_name as psql sees them for `target`, and whether idxscope's
    /// session has the same values and is read-only.
    private func assertSessionMatchesPsql(_ target: String, environment: [String: String] = [:], workMem: String,
                                          applicationName: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let shown = try ProcessRunner.run("psql", ["-X", "-At", "-w", "-c", "SELECT current_setting('work_mem') || '|' || current_setting('application_name')", target],
                                          environment: Self.inherited(environment))
        XCTAssertEqual(shown.status, 0, shown.describe, file: file, line: line)
        let psqlValues = shown.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        XCTAssertEqual(psqlValues.first, workMem, "psql's view of \(target)", file: file, line: line)
        let probe = """
            SELECT 1 WHERE current_setting('work_mem') = '\(workMem)' AND current_setting('application_name') = '\(applicationName)'
                       AND current_setting('default_transaction_read_only') = 'on' AND current_setting('jit') = 'off'
            """
        let result = try ProcessRunner.idxscope(["explain", target, probe, "--analyze", "--format", "json"], environment: environment)
        XCTAssertEqual(result.status, 0, result.describe, file: file, line: line)
        XCTAssertTrue(result.stdout.contains("\"actual_rows\": 1"), "idxscope's session differs:\n\(result.stdout)", file: file, line: line)
    }

    func testTheUsersOptionsAndApplicationNameAreKept() throws {
        let base = "postgresql://postgres@\(host):\(primaryPort)/postgres"
        try assertSessionMatchesPsql(base + "?options=-c%20work_mem%3D7MB&application_name=mine", workMem: "7MB", applicationName: "mine")
        try assertSessionMatchesPsql("host=\(host) port=\(primaryPort) user=postgres dbname=postgres options='-c work_mem=7MB' application_name=mine",
                                     workMem: "7MB", applicationName: "mine")
        try assertSessionMatchesPsql(base, environment: ["PGOPTIONS": "-c work_mem=9MB", "PGAPPNAME": "from-env"],
                                     workMem: "9MB", applicationName: "from-env")
        let scratch = try TemporaryDirectory(prefix: "service")
        let serviceFile = scratch.path("service.conf")
        try """
            [idxscope_test]
            host=\(host)
            port=\(primaryPort)
            user=postgres
            dbname=postgres
            options=-c work_mem=11MB
            application_name=from-service

            """.write(toFile: serviceFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: serviceFile) }
        try assertSessionMatchesPsql("service=idxscope_test", environment: ["PGSERVICEFILE": serviceFile],
                                     workMem: "11MB", applicationName: "from-service")
        // Nobody named the session: idxscope is the fallback name (psql's is psql). (An empty
        // PGAPPNAME is a name, "", for libpq and psql alike.)
        let inherited = ProcessInfo.processInfo.environment["PGAPPNAME"]
        try assertSessionMatchesPsql(base, workMem: "4MB", applicationName: inherited ?? "idxscope")
    }

    func testARolesLowerStatementTimeoutStaysInForce() throws {
        let role = "idxscope_slow_\(getpid())"
        let admin = { (sql: String) throws in
            let result = try ProcessRunner.run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", self.uri, "-c", sql])
            XCTAssertEqual(result.status, 0, result.describe)
        }
        try admin("CREATE ROLE \(role) LOGIN; ALTER ROLE \(role) SET statement_timeout = '1s'")
        defer { try? admin("DROP ROLE IF EXISTS \(role)") }
        let target = "postgresql://\(role)@\(host):\(primaryPort)/postgres"
        let started = Date()
        let result = try ProcessRunner.idxscope(["explain", target, "SELECT pg_sleep(4)", "--analyze"], timeout: 20)
        XCTAssertEqual(result.status, 1, result.describe)
        XCTAssertTrue(result.stderr.contains("statement timeout"), result.describe)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3.5, "the role's 1 s timeout, not idxscope's 60 s")
        // idxscope's own ceiling where nobody set one, and the user's explicit choice otherwise.
        for (target, expected) in [(target, "1s"), ("postgresql://postgres@\(host):\(primaryPort)/postgres", "1min"),
                                   ("postgresql://postgres@\(host):\(primaryPort)/postgres?options=-c%20statement_timeout%3D0", "0")] {
            let probe = "SELECT 1 WHERE current_setting('statement_timeout') = '\(expected)' AND current_setting('lock_timeout') = '5s'"
            let shown = try ProcessRunner.idxscope(["explain", target, probe, "--analyze", "--format", "json"])
            XCTAssertTrue(shown.stdout.contains("\"actual_rows\": 1"), "\(target): statement_timeout should be \(expected)\n\(shown.describe)")
        }
    }

    func testNoPasswordReachesOutputWhateverTheTargetsShape() throws {
        let role = "idxscope_pw"
        let base = "\(host):\(primaryPort)/postgres"
        let scratch = try TemporaryDirectory(prefix: "service-pw")
        let serviceFile = scratch.path("service.conf")
        try "[pw]\nhost=\(host)\nport=\(primaryPort)\nuser=\(role)\ndbname=postgres\npassword=Svc-Secret 9\n"
            .write(toFile: serviceFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: serviceFile) }
        let cases: [(target: String, environment: [String: String], secret: String)] = [
            ("postgresql://\(role):Wrong%20Pa5s%2Fw0rd@\(base)", [:], "Wrong Pa5s/w0rd"),
            ("postgresql://\(role):Wrong Space-pw@\(base)", [:], "Wrong Space-pw"),
            ("POSTGRESQL://\(role):CapsSecret-7@\(base)", [:], "CapsSecret-7"),
            ("Postgres://\(role):CapsSecret-8@\(base)", [:], "CapsSecret-8"),
            ("postgresql://\(role):Raw@Secret-1@\(base)", [:], "Secret-1"),
            ("postgresql://\(role):Raw/Secret-2@\(base)", [:], "Secret-2"),
            ("host=\(host) port=\(primaryPort) dbname=postgres user=\(role) password='Quo\\'ted Secret'", [:], "Quo'ted Secret"),
            ("postgresql://\(role)@\(base)", ["PGPASSWORD": "Env-Secret-3"], "Env-Secret-3"),
            ("service=pw", ["PGSERVICEFILE": serviceFile], "Svc-Secret 9"),
        ]
        for (target, environment, secret) in cases {
            for command in [["indexes", target], ["explain", target, "SELECT 1"], ["check", target, "--queries", "/dev/null"]] {
                let result = try ProcessRunner.idxscope(command, environment: environment, timeout: 20)
                XCTAssertEqual(result.status, 2, result.describe)
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
                XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe)
                let output = result.stdout + result.stderr
                for fragment in [secret] + secret.split(whereSeparator: { " /@'".contains($0) }).map(String.init) where fragment.count >= 3 {
                    XCTAssertFalse(output.contains(fragment), "\(fragment) of \(secret) leaked for \(target):\n\(result.describe)")
                }
                if command[0] == "indexes" && !target.contains("Raw") {
                    XCTAssertTrue(result.stderr.contains("password authentication failed"), "the target was understood: \(result.describe)")
                }
            }
        }
    }

    func testCapitalSchemeConnectsAsPsqlWouldWithTheLowerCaseOne() throws {
        let password = ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw"
        let target = "POSTGRESQL://idxscope_pw:\(password)@\(host):\(primaryPort)/postgres"
        let result = try ProcessRunner.idxscope(["indexes", target, "--no-sizes", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertFalse(result.stdout.contains(password), result.stdout)
        XCTAssertTrue(result.stdout.contains("postgresql://idxscope_pw@\(host):\(primaryPort)/postgres"), result.stdout)
    }
}
