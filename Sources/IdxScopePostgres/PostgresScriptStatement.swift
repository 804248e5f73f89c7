import Foundation
import IdxScopeCore

/// A `check` script's statement on PostgreSQL. The server judges: EXPLAIN first; when that is a
/// syntax error, the statement is parsed alone (protocol-level Parse, nothing executed). If the
/// server accepts it, it is a statement EXPLAIN cannot plan (BEGIN, CREATE TABLE, DO, VACUUM,
/// SET…) and is skipped; if not, the syntax error stands. SET and RESET are then run on
/// idxscope's own read-only session, so they apply to the statements after them, and the
/// session becomes read-only again after each.
struct PostgresScriptStatement {
    static let syntaxError = "42601"

    let connection: PGConnection

    func plan(_ sql: String) throws -> ScriptStep {
        do {
            return .planned(try PostgresExplain(connection: connection).run(sql, analyze: false))
        } catch let error as IdxScopeError where error.code == Self.syntaxError {
            let trimmed = SQLStatementShape.of(sql).trimmed
            guard (try? connection.prepare(name: "", sql: trimmed, failure: .statement)) != nil else { throw error }
            let command = Self.command(of: sql)
            guard command == "SET" || command == "RESET" else {
                return .skipped("not planned: EXPLAIN cannot plan \(command)")
            }
            try connection.execute(trimmed, parameters: [], failure: .statement)
            connection.userSettingsApplied = true
            try connection.applySessionSettings()
            return .skipped("not planned: \(command) applies to the statements after it")
        }
    }

    /// RESET ALL (and the role) undoes the script's SETs; idxscope's own settings come back.
    func end() throws {
        guard connection.userSettingsApplied else { return }
        try connection.execute("\(PGConnection.marker) RESET ALL; \(PGConnection.marker) RESET ROLE", failure: .database, statementCount: 2)
        connection.userSettingsApplied = false
        try connection.applySessionSettings()
    }

    /// The statement's first keyword, upper-cased (what the user sees named in the reason).
    static func command(of sql: String) -> String {
        let code = SQLScript.stripComments(sql).drop { $0.isWhitespace }
        return String(code.prefix { $0.isLetter || $0 == "_" }).uppercased()
    }
}
