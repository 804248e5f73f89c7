import ArgumentParser
import Foundation
import IdxScopeCore

/// `idxscope check TARGET --queries FILE`: fails (exit 1) when any statement full-scans a table.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan every statement of a file; exit 1 if any reads a whole table.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "SQLite file, postgres:// URI or conninfo.")
    var target: String?

    @Option(name: .long, help: "File of statements separated by ';' ('-' for standard input).")
    var queries: String

    @Option(name: .long, help: "A table (by name, in any schema) whose full scans are accepted (repeatable), e.g. a small lookup table.")
    var allowScan: [String] = []

    @Flag(name: .long, help: "Also fail on a whole index read: no condition and no LIMIT that stops it (SCAN t USING INDEX, a full Index Only Scan).")
    var strict = false

    @Option(name: .long, help: "Output format.")
    var format: Format = .text

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let script: String
        if queries == "-" {
            script = try Console.readStandardInput()
        } else {
            script = String(decoding: try StandardStreams.readFile(queries), as: UTF8.self)
        }
        let statements = SQLScript.split(script)
        guard !statements.isEmpty else { throw IdxScopeError(.input, "no statements in \(queries)") }
        let inspector = try Connect.open(target, options: global)
        var results: [CheckResult] = []
        // SQLite compares identifiers ignoring case; PostgreSQL reports names as stored.
        let ignoreCase = inspector.engine == .sqlite
        for statement in statements {
            do {
                let step = try (inspector as? ScriptPlanning)?.planScriptStatement(statement.code)
                    ?? .planned(try inspector.explain(statement.code, analyze: false))
                switch step {
                case .planned(let plan):
                    results.append(CheckResult(statement: statement, plan: plan, error: nil, allowedScans: allowScan, strict: strict,
                                               namesIgnoreCase: ignoreCase))
                case .skipped(let reason):
                    results.append(CheckResult(statement: statement, plan: nil, error: nil, skipped: reason))
                }
            } catch let error as IdxScopeError where error.kind == .statement {
                results.append(CheckResult(statement: statement, plan: nil, error: error.message))
            }
        }
        try (inspector as? ScriptPlanning)?.endScript()
        switch format {
        case .json: Console.write(CheckReport.json(results, engine: inspector.engine, file: queries).serialized(pretty: true) + "\n")
        case .text: Console.write(CheckReport.text(results, file: queries, width: Console.width))
        }
        throw ExitCode(CheckReport.exitCode(results))
    }
}
