import ArgumentParser
import IdxScopeCore

/// `idxscope queries TARGET`: pg_stat_statements' top statements by mean and total time.
struct Queries: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "PostgreSQL: the slowest statements from pg_stat_statements.")

    @Argument(help: "postgres:// URI or conninfo.")
    var target: String?

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    // Unconditional: "--limit -5" reaches validate() and gets its own message, not "Missing value".
    @Option(name: .long, parsing: .unconditional, help: "How many statements per list (1 to 1000).")
    var limit = 20

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw IdxScopeError(.input, "--limit must be between 1 and 1000 (got \(limit))") }
    }

    func run() throws {
        let inspector = try Connect.open(target, options: global)
        guard let provider = inspector as? StatementStatsProviding else {
            throw IdxScopeError(.input, "queries needs PostgreSQL (pg_stat_statements); SQLite keeps no statement statistics")
        }
        let report = try provider.topStatements(limit: limit)
        switch format {
        case .json: Console.write(QueriesReport.json(report).serialized(pretty: true) + "\n")
        case .table:
            if let note = report.note { Console.note(note) }
            Console.write(QueriesReport.table(report, width: Console.width))
        }
    }
}
