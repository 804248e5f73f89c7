import ArgumentParser
import IdxScopeCore

/// `idxscope indexes TARGET`: every index with its usage and space.
struct Indexes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every index with its usage and space.")

    @Argument(help: "SQLite file, postgres:// URI or conninfo.")
    var target: String?

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Only the indexes of this table.")
    var table: String?

    @Flag(name: .long, help: "Catalog only: skip sizes (fast on huge files).")
    var noSizes = false

    @Option(name: .long, help: "Measure exact bloat of this index with pgstatindex (PostgreSQL; repeatable; schema.name or name).")
    var exactBloat: [String] = []

    @Option(name: .long, help: "SQLite: count as scans the statements of this file (× their '-- calls: N') whose plan reads each index.")
    var workload: String?

    @OptionGroup var replicas: ReplicaOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let inspector = try Connect.open(target, options: global, also: replicas.also)
        var catalog = try inspector.loadCatalog()
        if let table {
            // SQLite compares identifiers ignoring case (JOB is job); PostgreSQL's names are as stored.
            let same: (String, String) -> Bool = inspector.engine == .sqlite ? { $0.lowercased() == $1.lowercased() } : { $0 == $1 }
            catalog.indexes = catalog.indexes.filter { same($0.info.table, table) || same("\($0.info.schema).\($0.info.table)", table) }
            guard !catalog.indexes.isEmpty else { throw IdxScopeError(.input, "no indexes on a table named \(table)") }
        }
        if let workload {
            guard inspector.engine == .sqlite else {
                throw IdxScopeError(.input, "--workload on indexes is for SQLite (PostgreSQL counts scans itself; use findings --workload)")
            }
            let statements = try Workload.load(path: workload)
            let run = try WorkloadAdvice.run(statements, inspector: inspector, catalog: catalog, minGain: 50, suggest: false)
            run.advice.notes.forEach(Console.note)
            catalog = AdviceFindings.workloadUsage(catalog, advice: run.advice)
        }
        if !noSizes {
            catalog = catalog.merging(try inspector.loadSpace())
        }
        for name in exactBloat {
            guard let measuring = inspector as? ExactBloatMeasuring else {
                throw IdxScopeError(.input, "--exact-bloat needs PostgreSQL with pgstattuple")
            }
            let matches = catalog.indexes.indices.filter {
                catalog.indexes[$0].id.description == name || catalog.indexes[$0].info.name == name
            }
            guard let position = matches.first else { throw IdxScopeError(.input, "no such index: \(name)") }
            guard matches.count == 1 else {
                let schemas = matches.map { catalog.indexes[$0].info.schema }.joined(separator: ", ")
                throw IdxScopeError(.input, "\(name) is in several schemas (\(schemas)): give schema.name")
            }
            let measured = try measuring.measureBloat(of: catalog.indexes[position].id)
            catalog.indexes[position].space.bloatBytes = measured.bloatBytes
            catalog.indexes[position].space.bloatExact = measured.bloatExact
        }
        switch format {
        case .json: Console.write(IndexesReport.json(catalog).serialized(pretty: true) + "\n")
        case .table: Console.write(IndexesReport.table(catalog, width: Console.width))
        }
    }
}
