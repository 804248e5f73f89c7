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

    @OptionGroup var workload: WorkloadOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let inspector = try Connect.open(target, options: global, also: replicas.also, printsSQL: true)
        var catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        // PostgreSQL advises on pg_stat_statements by default; SQLite only on a given workload.
        let (statements, note) = try workload.statements(for: inspector, useDefault: inspector.engine == .postgresql)
        var notes = note.map { [$0] } ?? []
        var findings: [Finding]
        var advice: Advice?
        if statements.isEmpty {
            findings = FindingRules.findings(in: catalog)
        } else {
            let run = try WorkloadAdvice.run(statements, inspector: inspector, catalog: catalog, minGain: workload.minGain)
            advice = run.advice
            notes += run.advice.notes
            // SQLite keeps no counters: the workload's plans say which indexes are read.
            if catalog.engine == .sqlite { catalog = AdviceFindings.workloadUsage(catalog, advice: run.advice) }
            findings = WorkloadAdvice.findings(catalog, advice: run.advice, planner: run.planner)
        }
        switch format {
        case .json:
            Console.write(FindingsReport.json(findings, catalog: catalog, notes: notes, advice: advice).serialized(pretty: true) + "\n")
        case .table:
            notes.forEach(Console.note)
            if let advice { Console.note(advice.summary) }
            Console.write(FindingsReport.table(findings, catalog: catalog, width: Console.width))
        }
    }
}
