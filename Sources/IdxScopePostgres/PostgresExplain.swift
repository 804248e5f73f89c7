import Foundation
import IdxScopeCore

/// `EXPLAIN (FORMAT JSON)` of one user statement. ANALYZE runs inside a transaction that is
/// always rolled back; a statement with `$n` parameters is prepared and planned generically.
///
/// ANALYZE executes the statement, so it runs READ ONLY (the session default) — a SELECT calling
/// setval() or writing through a function is refused by the server. Only a plan that holds a
/// ModifyTable node (INSERT/UPDATE/DELETE/MERGE, also inside WITH) is re-run READ WRITE. Effects
/// outside the transaction (sequences advanced by an INSERT, pg_stat_reset(), dblink, advisory
/// locks) are not undone by the rollback.
struct PostgresExplain {
    /// SQLSTATE read_only_sql_transaction.
    static let readOnlyRefused = "25006"

    let connection: PGConnection
    private static let statementName = "idxscope_explain"

    func run(_ sql: String, analyze: Bool) throws -> QueryPlan {
        let shape = try Self.singleStatement(sql)
        let json: String?
        if !analyze {
            json = try explain(shape, options: "FORMAT JSON", readWrite: false)
        } else {
            do {
                json = try explain(shape, options: "ANALYZE, BUFFERS, FORMAT JSON", readWrite: false)
            } catch let error as IdxScopeError where error.code == Self.readOnlyRefused {
                // Let the server's plan decide whether the statement itself changes data; a
                // standby refuses READ WRITE anyway.
                let plain = try explain(shape, options: "FORMAT JSON", readWrite: false)
                guard !connection.isHotStandby, let plain, PostgresPlanWrites.modifiesData(explainJSON: plain) else {
                    throw IdxScopeError(.statement, "explain --analyze runs statements other than INSERT, UPDATE, DELETE and MERGE read-only: "
                                        + error.message, code: error.code)
                }
                json = try explain(shape, options: "ANALYZE, BUFFERS, FORMAT JSON", readWrite: true)
            }
        }
        guard let json else { throw IdxScopeError(.statement, "EXPLAIN returned no plan") }
        return try PostgresPlanClassifier.plan(fromExplainJSON: json, query: sql, analyzed: analyze)
    }

    /// The raw `EXPLAIN (VERBOSE, FORMAT JSON)` of one statement, never run (the advisor reads
    /// its conditions and cost).
    func verboseJSON(_ sql: String) throws -> String {
        guard let json = try explain(try Self.singleStatement(sql), options: "VERBOSE, FORMAT JSON", readWrite: false) else {
            throw IdxScopeError(.statement, "EXPLAIN returned no plan")
        }
        return json
    }

    private static func singleStatement(_ sql: String) throws -> SQLStatementShape {
        let shape = SQLStatementShape.of(sql)
        // The trimmed text would drop an open trailing comment, and the server would accept it.
        if let problem = shape.unterminated {
            throw IdxScopeError(.statement, "the SQL ends inside \(problem) that is never closed")
        }
        guard shape.statementCount > 0 else { throw IdxScopeError(.statement, "nothing to explain: the SQL is empty") }
        guard shape.statementCount == 1 else {
            throw IdxScopeError(.statement, "several statements (\(shape.statementCount)) given; explain takes one statement at a time")
        }
        return shape
    }

    /// One EXPLAIN in its own rolled-back transaction.
    private func explain(_ shape: SQLStatementShape, options: String, readWrite: Bool) throws -> String? {
        // A prepared statement outlives a rollback, and DEALLOCATE fails inside a transaction that
        // an error aborted: drop it once the transaction has ended (a no-op error if never made).
        defer {
            if shape.highestParameter > 0 {
                _ = try? connection.execute("\(PGConnection.marker) DEALLOCATE \(Self.statementName)", failure: .database)
            }
        }
        return try inTransaction(readWrite: readWrite) {
            if shape.highestParameter > 0 {
                return try explainGeneric(shape.trimmed, options: options)
            }
            // The extended protocol refuses a second statement even if the scanner missed one.
            let prefix = "\(PGConnection.marker) EXPLAIN (\(options)) "
            return PGConnection.singleValue(try connection.execute(prefix + shape.trimmed, parameters: [], failure: .statement,
                                                                   userTextOffset: prefix.count))
        }
    }

    /// `$n` statements: PREPARE (protocol-level, one statement only), force a generic plan, and
    /// EXPLAIN EXECUTE with NULL for every parameter.
    private func explainGeneric(_ sql: String, options: String) throws -> String? {
        let parameterCount = try connection.prepare(name: Self.statementName, sql: sql, failure: .statement)
        try connection.execute("\(PGConnection.marker) SET LOCAL plan_cache_mode = force_generic_plan", failure: .database)
        let nulls = Array(repeating: "NULL", count: parameterCount).joined(separator: ", ")
        let execute = "EXECUTE \(Self.statementName)" + (parameterCount > 0 ? "(\(nulls))" : "")
        return PGConnection.singleValue(try connection.execute("\(PGConnection.marker) EXPLAIN (\(options)) " + execute,
                                                               parameters: [], failure: .statement))
    }

    /// BEGIN … ROLLBACK around the work, whatever happens. pg_stat_statements records each
    /// statement of a simple query with its own text, so each carries the marker. The session
    /// defaults to read-only; READ WRITE is only for ANALYZE of a data-changing statement.
    private func inTransaction<T>(readWrite: Bool, _ body: () throws -> T) throws -> T {
        // The session's statement_timeout applies (idxscope's ceiling, or the role's lower one).
        try connection.execute("\(PGConnection.marker) BEGIN \(readWrite ? "READ WRITE" : "READ ONLY")", failure: .database)
        defer { _ = try? connection.execute("\(PGConnection.marker) ROLLBACK", failure: .database) }
        return try body()
    }
}

/// Reads an EXPLAIN (FORMAT JSON) plan for data-changing nodes (pure).
enum PostgresPlanWrites {
    /// True when any node is a ModifyTable (INSERT, UPDATE, DELETE, MERGE — at the top or in a CTE).
    static func modifiesData(explainJSON: String) -> Bool {
        guard let data = explainJSON.data(using: .utf8),
              let top = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return false }
        func walk(_ node: [String: Any]) -> Bool {
            if node["Node Type"] as? String == "ModifyTable" { return true }
            return (node["Plans"] as? [[String: Any]] ?? []).contains(where: walk)
        }
        return top.contains { ($0["Plan"] as? [String: Any]).map(walk) ?? false }
    }
}
