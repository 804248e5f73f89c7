import Foundation
import XCTest

/// The real PostgreSQL server of the tests and the one rule for when it is missing: in CI the test
/// fails, elsewhere it is skipped.
public enum TestPostgres {
    /// CI is any non-empty `CI` other than "false" or "0" (GitHub and GitLab set "true").
    public static var inCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !value.isEmpty && value != "false" && value != "0"
    }

    /// `IDXSCOPE_TEST_PG_URI` (scripts/test.sh sets it from scripts/pg-test-server.sh).
    public static func uri(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try required("IDXSCOPE_TEST_PG_URI",
                     "IDXSCOPE_TEST_PG_URI is not set (run: export IDXSCOPE_TEST_PG_URI=$(scripts/pg-test-server.sh start))",
                     file: file, line: line)
    }

    /// A value the test cannot run without: missing, it fails in CI and skips elsewhere.
    public static func required(_ variable: String, _ message: String, file: StaticString = #filePath,
                                line: UInt = #line) throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        try missing(message, file: file, line: line)
    }

    /// Fails in CI (and throws so the test stops), skips elsewhere.
    public static func missing(_ message: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if inCI {
            XCTFail(message, file: file, line: line)
            throw ProcessRunnerError(description: message)
        }
        throw XCTSkip(message)
    }
}
