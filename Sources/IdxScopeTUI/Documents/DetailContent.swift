import Foundation
import IdxScopeCore

/// The lines of the detail screen for the selected index (pure; the reducer counts them to
/// scroll, the view draws them).
enum DetailContent {
    static func lines(for state: AppState) -> [StyledLine] {
        guard let record = state.selectedRecord else { return [[Span("no index selected", .dim)]] }
        return lines(record: record, engine: state.capabilities.engine, width: state.width,
                     exactBloatAvailable: state.capabilities.exactBloat, usedByPlan: state.planIndexes.contains(record.info.name),
                     sizesLoading: state.spaceLoading || !(state.catalog?.sizesLoaded ?? false),
                     finding: state.findingKinds[record.id] == nil ? nil
                        : state.catalog.flatMap { FindingRules.finding(for: record.id, in: $0, now: state.now) })
    }

    static func lines(record: IndexRecord, engine: Engine, width: Int, exactBloatAvailable: Bool, usedByPlan: Bool,
                      sizesLoading: Bool = false, finding: Finding? = nil) -> [StyledLine] {
        // "…" while sizes are on their way; "—" once loaded for what the engine does not report.
        let unknown = sizesLoading ? "…" : "—"
        let info = record.info
        var out: [StyledLine] = []
        func field(_ label: String, _ value: String, _ role: Role = .normal) {
            out.append([Span("  " + label.padded(to: 16), .label), Span(value, role)])
        }
        func section(_ title: String) {
            out.append([])
            out.append([Span(title, .title)])
        }
        out.append([Span(info.name.escapingControlCharacters(), .title), Span(" on ", .dim),
                    Span("\(info.schema).\(info.table)".escapingControlCharacters(), .normal)]
                   + (usedByPlan ? [Span("  ◆ used by the last plan", .marker)] : []))
        if let finding {
            section("Finding")
            field(finding.kind.rawValue, finding.reason, finding.kind == .invalid ? .error : .warning)
            field("confidence", finding.confidence.rawValue)
            for line in finding.sql.split(separator: "\n") { out.append([Span("  " + line, .sql)]) }
        }
        section("Definition")
        for chunk in wrap(info.definition, width: max(20, width - 4)) { out.append([Span("  " + chunk, .sql)]) }
        var kind: [String] = [info.method]
        if info.primary { kind.append("primary key") } else if info.unique { kind.append("unique") }
        if let constraint = info.constraint { kind.append("backs \(constraint.rawValue.replacingOccurrences(of: "_", with: " ")) constraint") }
        if !info.valid { kind.append("INVALID") }
        field("kind", kind.joined(separator: ", "), info.valid ? .normal : .error)
        if let partial = info.partial { field("partial", "WHERE " + partial) }
        if !info.servesForeignKeys.isEmpty { field("serves FKs", info.servesForeignKeys.joined(separator: ", ")) }
        if let parent = info.parentIndex { field("partition of", parent) }

        section("Columns")
        for (number, column) in info.keyColumns.enumerated() {
            var text = "\(number + 1). \(column.name)"
            // Only btree keys have an order; a GIN or hash key has none to show.
            if info.method == "btree" { text += column.descending ? "  DESC" : "  ASC" }
            if let collation = column.collation { text += "  COLLATE \(collation)" }
            if column.isExpression { text += "  (expression)" }
            out.append([Span("  " + text)])
        }
        for column in info.includeColumns { out.append([Span("  +  \(column.name)  (INCLUDE)", .dim)]) }

        section("Usage")
        if let scans = record.usage.scans {
            // "unused" only with Core's finding (not on partitions, partitioned parents, invalid indexes).
            let unused = finding?.kind == .unused
            field("scans", "\(scans)", unused ? .unused : .normal)
            if unused { out.append([Span("  " + "".padded(to: 16)), Span("unused", .unused), Span(" no scans since the counters began", .dim)]) }
        } else {
            field("scans", "not recorded by \(engine.rawValue)", .dim)
        }
        if let read = record.usage.tuplesRead { field("tuples read", "\(read)") }
        if let fetched = record.usage.tuplesFetched { field("tuples fetched", "\(fetched)") }

        section("Space")
        let space = record.space
        func bytes(_ value: Int64?) -> String { value.map { "\(ByteFormat.human($0)) (\($0) bytes)" } ?? unknown }
        field("size", bytes(space.sizeBytes), space.sizeBytes == nil ? .dim : .normal)
        field("pages", space.pages.map { "\($0)" } ?? unknown, space.pages == nil ? .dim : .normal)
        if let leaf = space.leafPages { field("leaf pages", "\(leaf)") }
        if let entries = space.entries { field("entries", "\(entries)") }
        field("unused bytes", bytes(space.unusedBytes), space.unusedBytes == nil ? .dim : .normal)
        // dbstat measures depth and fragmentation on every SQLite load; PostgreSQL knows them only
        // after `b` (pgstatindex), so "unknown" rows would only be noise there.
        if engine == .sqlite || space.depth != nil {
            field("depth", space.depth.map { "\($0)" } ?? unknown, space.depth == nil ? .dim : .normal)
        }
        if engine == .sqlite || space.fragmentationPercent != nil {
            field("fragmentation", space.fragmentationPercent.map { String(format: "%.1f %%", $0) } ?? unknown, space.fragmentationPercent == nil ? .dim : .normal)
        }
        if let bloat = space.bloatBytes {
            let marker = space.bloatExact ? "exact" : (space.bloatLowConfidence ? "estimate, low confidence" : "estimate")
            field("bloat", "\(ByteFormat.human(bloat)) (\(marker))", space.bloatExact ? .normal : .warning)
        } else {
            field("bloat", exactBloatAvailable && IndexList.exactBloatRefusal(info) == nil ? "unknown — b measures it" : "unknown", .dim)
        }
        if space.isTableBTree {
            field("table size", "the same b-tree: this primary key is the table (WITHOUT ROWID)", .dim)
        } else if let table = space.tableSizeBytes {
            field("table size", ByteFormat.human(table))
        }

        section("SQL (shown, never run)")
        let drop = SQLIdentifier.drop(info, engine: engine)
        if let note = drop.note { out.append([Span("  -- " + note, .dim)]) }
        if let sql = drop.sql { out.append([Span("  " + sql, .sql)]) }
        out.append([Span("  " + SQLIdentifier.rebuild(info, engine: engine), .sql)])
        return out
    }

    /// Splits text into chunks of at most `width` columns (at spaces where possible).
    static func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.displayWidth <= width { current = candidate; continue }
            if !current.isEmpty { result.append(current) }
            current = word
            while current.displayWidth > width {
                let head = current.clipped(to: width)
                result.append(head)
                current = String(current.dropFirst(head.count))
            }
        }
        if !current.isEmpty || result.isEmpty { result.append(current) }
        return result
    }
}
