import ArgumentParser
import Foundation
import IdxScopeCore

/// `idxscope findings TARGET`: unused, duplicate, redundant, invalid and bloated indexes, each
/// with the SQL that would act on it (printed, never run).
struct Findings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Unused, duplicate, redundant, invalid and bloated indexes, with the SQL to fix them.")

    @Argument(help: "SQLite file, postgres:// URI or conninfo.")
    var target: String?

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    @OptionGroup var replicas: ReplicaOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let inspector = try Connect.open(target, options: global, also: replicas.also)
        let catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        let findings = FindingRules.findings(in: catalog)
        switch format {
        case .json: Console.write(FindingsReport.json(findings, catalog: catalog).serialized(pretty: true) + "\n")
        case .table: Console.write(FindingsReport.table(findings, catalog: catalog, width: Console.width))
        }
    }
}
