import ArgumentParser
import Foundation
import IdxScopeCore

/// `idxscope explain TARGET SQL`: the plan of one statement, scans marked. Never runs it
/// (with --analyze on PostgreSQL it runs inside a transaction that is rolled back).
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the plan of one statement, full scans marked.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case tree, json }

    @Argument(help: "SQLite file, postgres:// URI or conninfo.")
    var target: String

    @Argument(help: "The statement ('-' reads it from standard input; put '--' before SQL that starts with a comment).")
    var sql: String

    @Flag(name: .long, help: "PostgreSQL: EXPLAIN ANALYZE, BUFFERS inside a transaction that is rolled back (read-only except for INSERT, UPDATE, DELETE, MERGE). It executes the statement; calls a rollback cannot undo (setval, pg_stat_reset, advisory locks, dblink…) are refused.")
    var analyze = false

    @Option(name: .long, help: "Output format.")
    var format: Format = .tree

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let statement = sql == "-" ? try Console.readStandardInput() : sql
        // Bad input, not a statement that failed to plan: exit 2 before connecting. (A comment
        // or quote never closed is SQL the engine refuses: exit 1 with its message.)
        let unclosed = SQLLexer.tokens(statement, dialect: nil).contains(where: \.unterminated)
        guard unclosed || !SQLScript.stripComments(statement).allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            throw IdxScopeError(.input, "no SQL given" + (sql == "-" ? " on standard input" : ""))
        }
        let inspector = try Connect.open(target, options: global)
        if analyze && inspector.engine == .sqlite {
            Console.note("SQLite has no EXPLAIN ANALYZE; showing EXPLAIN QUERY PLAN")
        }
        let plan = try inspector.explain(statement, analyze: analyze && inspector.engine != .sqlite)
        switch format {
        case .json: Console.write(ExplainReport.json(plan).serialized(pretty: true) + "\n")
        case .tree: Console.write(ExplainReport.tree(plan))
        }
    }
}
