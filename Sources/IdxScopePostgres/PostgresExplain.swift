import Foundation
import IdxScopeCore

/// `EXPLAIN (FORMAT JSON)` of one user statement. ANALYZE runs inside a transaction that is
/// always rolled back; a statement with `$n` parameters is prepared and planned generically.
struct PostgresExplain {
    /// statement_timeout for one EXPLAIN ANALYZE (SET LOCAL, so it ends with the transaction).
    static let analyzeTimeoutMs = 60_000

    let connection: PGConnection
    private static let statementName = "idxscope_explain"

    func run(_ sql: String, analyze: Bool) throws -> QueryPlan {
        let shape = SQLStatementShape.of(sql)
        guard shape.statementCount > 0 else { throw IdxScopeError(.statement, "nothing to explain: the SQL is empty") }
        guard shape.statementCount == 1 else {
            throw IdxScopeError(.statement, "several statements (\(shape.statementCount)) given; explain takes one statement at a time")
        }
        let options = analyze ? "ANALYZE, BUFFERS, FORMAT JSON" : "FORMAT JSON"
        // A prepared statement outlives a rollback, and DEALLOCATE fails inside a transaction that
        // an error aborted: drop it once the transaction has ended (a no-op error if never made).
        defer {
            if shape.highestParameter > 0 {
                _ = try? connection.execute("\(PGConnection.marker) DEALLOCATE \(Self.statementName)", failure: .database)
            }
        }
        // A standby refuses READ WRITE; there ANALYZE of a SELECT still works read-only.
        let json: String? = try inTransaction(readWrite: analyze && !connection.isHotStandby) {
            if shape.highestParameter > 0 {
                return try explainGeneric(shape.trimmed, options: options)
            }
            // The extended protocol refuses a second statement even if the scanner missed one.
            return PGConnection.singleValue(try connection.execute("EXPLAIN (\(options)) " + shape.trimmed,
                                                                   parameters: [], failure: .statement))
        }
        guard let json else { throw IdxScopeError(.statement, "EXPLAIN returned no plan") }
        return try PostgresPlanClassifier.plan(fromExplainJSON: json, query: sql, analyzed: analyze)
    }

    /// `$n` statements: PREPARE (protocol-level, one statement only), force a generic plan, and
    /// EXPLAIN EXECUTE with NULL for every parameter.
    private func explainGeneric(_ sql: String, options: String) throws -> String? {
        let parameterCount = try connection.prepare(name: Self.statementName, sql: sql, failure: .statement)
        try connection.execute("\(PGConnection.marker) SET LOCAL plan_cache_mode = force_generic_plan", failure: .database)
        let nulls = Array(repeating: "NULL", count: parameterCount).joined(separator: ", ")
        let execute = "EXECUTE \(Self.statementName)" + (parameterCount > 0 ? "(\(nulls))" : "")
        return PGConnection.singleValue(try connection.execute("EXPLAIN (\(options)) " + execute, parameters: [], failure: .statement))
    }

    /// BEGIN … ROLLBACK around the work, whatever happens. The session defaults to read-only, so
    /// ANALYZE of a data-changing statement needs READ WRITE — inside a transaction never committed.
    private func inTransaction<T>(readWrite: Bool, _ body: () throws -> T) throws -> T {
        let begin = readWrite
            ? "\(PGConnection.marker) BEGIN READ WRITE; SET LOCAL statement_timeout = \(Self.analyzeTimeoutMs)"
            : "\(PGConnection.marker) BEGIN READ ONLY"
        try connection.execute(begin, failure: .database, statementCount: readWrite ? 2 : 1)
        defer { _ = try? connection.execute("\(PGConnection.marker) ROLLBACK", failure: .database) }
        return try body()
    }
}
