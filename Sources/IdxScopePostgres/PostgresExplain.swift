import Foundation
import IdxScopeCore

/// `EXPLAIN (FORMAT JSON)` of one user statement. ANALYZE runs inside a transaction that is
/// always rolled back; a statement with `$n` parameters is prepared and planned generically.
///
/// ANALYZE executes the statement, so first its VERBOSE plan is read (nothing runs): a call of
/// a function whose effect a rollback cannot undo (setval, nextval other than an INSERT's
/// defaults, pg_stat_reset*, session advisory locks, dblink, … see NonTransactionalCalls) is
/// refused. It then runs READ ONLY (the session default), where the server refuses any write.
/// Only a statement whose plan holds a ModifyTable node (INSERT/UPDATE/DELETE/MERGE, also inside
/// WITH) is re-run READ WRITE, and only when it calls no volatile function outside pg_catalog
/// and fires no user trigger — code idxscope cannot see.
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
            // Plan first (nothing runs): the VERBOSE plan names every function the statement
            // calls, its views and defaults included, and whether it changes data.
            let verbose = try explain(shape, options: "VERBOSE, FORMAT JSON", readWrite: false)
            guard let verbose, let document = try? JSONDocument(parsing: verbose) else {
                throw IdxScopeError(.statement, "unexpected EXPLAIN output (not a JSON plan)")
            }
            let writes = PostgresPlanWrites.modifiedRelations(document)
            let planCalls = NonTransactionalCalls.planCalls(document)
            if let name = NonTransactionalCalls.refused(userCalls: shape.calledNames, planCalls: planCalls,
                                                        isInsert: PostgresPlanWrites.isInsert(document)) {
                throw NonTransactionalCalls.refusal(name)
            }
            do {
                json = try explain(shape, options: "ANALYZE, BUFFERS, FORMAT JSON", readWrite: false)
            } catch let error as IdxScopeError where error.code == Self.readOnlyRefused {
                // Only a statement that itself changes data runs read-write; a standby refuses
                // READ WRITE anyway.
                guard !connection.isHotStandby, !writes.isEmpty else {
                    throw IdxScopeError(.statement, "explain --analyze runs statements other than INSERT, UPDATE, DELETE and MERGE read-only: "
                                        + error.message, code: error.code)
                }
                // Read-write, a function or trigger whose body idxscope cannot see could change
                // what a rollback does not restore: refuse rather than trust it.
                if let unseen = try unseenCode(calls: shape.calledNames.union(planCalls), modifying: writes) {
                    throw IdxScopeError(.statement, "explain --analyze does not run a data-changing statement that runs \(unseen) read-write: "
                                        + "idxscope cannot see whether it has effects a rollback does not undo")
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

    /// The first volatile function outside pg_catalog among `calls`, or user trigger on a table
    /// the statement modifies, as the server names it (nil: none). The engine answers from
    /// pg_proc and pg_trigger.
    private func unseenCode(calls: Set<String>, modifying relations: [(schema: String, table: String)]) throws -> String? {
        let sql = """
            \(PGConnection.marker) SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc AS p
            WHERE p.proname = ANY($1::text[]) AND p.provolatile = 'v' AND p.pronamespace <> 'pg_catalog'::regnamespace
            UNION ALL
            SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text FROM pg_trigger AS t
            JOIN pg_class AS c ON c.oid = t.tgrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace
            JOIN unnest($2::text[], $3::text[]) AS m(nspname, relname) ON m.nspname = n.nspname AND m.relname = c.relname
            WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
            ORDER BY 1 LIMIT 1
            """
        let result = try connection.execute(sql, parameters: [Self.textArray(calls.sorted()), Self.textArray(relations.map(\.schema)),
                                                              Self.textArray(relations.map(\.table))], failure: .database)
        return PGConnection.singleValue(result)
    }

    /// A text[] literal: every element double-quoted, `"` and `\` escaped.
    static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
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
    /// (schema, table) of every ModifyTable node; the schema is known in VERBOSE plans ("" otherwise).
    static func modifiedRelations(_ document: JSONDocument) -> [(schema: String, table: String)] {
        // The document is flat: every plan node, however deep, is one of its objects.
        document.values.indices.compactMap { index in
            guard document.member("Node Type", of: index).flatMap(document.string) == "ModifyTable" else { return nil }
            return (document.member("Schema", of: index).flatMap(document.string) ?? "",
                    document.member("Relation Name", of: index).flatMap(document.string) ?? "")
        }
    }

    /// The top node is an INSERT (whose column defaults may call nextval).
    static func isInsert(_ document: JSONDocument) -> Bool {
        guard let explain = PostgresPlanClassifier.explainObject(document),
              let plan = document.member("Plan", of: explain) else { return false }
        return document.member("Node Type", of: plan).flatMap(document.string) == "ModifyTable"
            && document.member("Operation", of: plan).flatMap(document.string) == "Insert"
    }
}
