import Foundation

/// Pure rules over a catalog: unused, duplicate, redundant (left prefix), invalid and bloated
/// indexes. No database is asked anything; the catalog (with sizes) is the whole input.
public enum FindingRules {
    /// Bloat worth a rebuild: at least this share of the index and at least `minimumBloatBytes`.
    public static let bloatShare = 0.30
    public static let minimumBloatBytes: Int64 = 1 << 20
    /// Counters younger than this make "unused" a guess.
    public static let trustedStatsAge: TimeInterval = 7 * 24 * 3600

    public static func findings(in catalog: Catalog, now: Date = Date()) -> [Finding] {
        // Partitions' indexes follow their parent's definition; judge the parent only.
        let candidates = catalog.indexes.filter { $0.info.parentIndex == nil }
        var results: [Finding] = []
        var flagged = Set<IndexID>()
        for finding in invalid(candidates, engine: catalog.engine) + duplicates(candidates, engine: catalog.engine)
            + redundant(candidates, engine: catalog.engine) {
            guard let id = finding.indexID, flagged.insert(id).inserted else { continue }
            results.append(finding)
        }
        for finding in unused(candidates, catalog: catalog, now: now) + bloated(candidates, engine: catalog.engine) {
            guard let id = finding.indexID, !flagged.contains(id) else { continue }
            results.append(finding)
        }
        return results.sorted { ($0.bytes ?? 0, $1.schema, $1.table) > ($1.bytes ?? 0, $0.schema, $0.table) }
    }

    /// Findings by index, for badges in lists (the first, most important, wins).
    public static func byIndex(_ findings: [Finding]) -> [IndexID: Finding] {
        var map: [IndexID: Finding] = [:]
        for finding in findings { if let id = finding.indexID, map[id] == nil { map[id] = finding } }
        return map
    }

    static func invalid(_ records: [IndexRecord], engine: Engine) -> [Finding] {
        records.filter { !$0.info.valid }.map { record in
            Finding(kind: .invalid, schema: record.info.schema, table: record.info.table, index: record.info.name,
                    reason: "invalid (a failed CREATE INDEX CONCURRENTLY?): the planner ignores it but every write maintains it",
                    sql: dropSQL(record.info, engine: engine), bytes: record.space.sizeBytes, confidence: .high)
        }
    }

    /// Same table, method, keys, INCLUDE and predicate: the one backing a constraint (else the
    /// first by name) is kept.
    static func duplicates(_ records: [IndexRecord], engine: Engine) -> [Finding] {
        let groups = Dictionary(grouping: records.filter(\.info.valid)) { signature($0.info) }
        var findings: [Finding] = []
        for (_, group) in groups where group.count > 1 {
            let ordered = group.sorted { keepOrder($0.info, $1.info) }
            let kept = ordered[0]
            for record in ordered.dropFirst() where record.info.constraint == nil {
                let what = kept.info.primary ? "the primary key" : (kept.info.constraint != nil ? "a constraint's index" : "another index")
                findings.append(Finding(kind: .duplicate, schema: record.info.schema, table: record.info.table,
                                        index: record.info.name, coveredBy: kept.info.name,
                                        reason: "same key columns as \(what) (\(kept.info.name))",
                                        sql: dropSQL(record.info, engine: engine), bytes: record.space.sizeBytes, confidence: .high))
            }
        }
        return findings
    }

    /// A btree whose keys are a left prefix of another btree's on the same table with the same
    /// predicate. Never a unique index (it enforces what the longer one does not).
    static func redundant(_ records: [IndexRecord], engine: Engine) -> [Finding] {
        // Per table, so 10,000 indexes cost a few comparisons each rather than 10,000.
        let byTable = Dictionary(grouping: records.filter { $0.info.valid && $0.info.method == "btree" }) {
            $0.info.schema + "\u{1F}" + $0.info.table
        }
        var findings: [Finding] = []
        for record in records where record.info.valid && record.info.method == "btree" && !record.info.unique && record.info.constraint == nil {
            let keys = record.info.keyColumns.map(columnKey)
            let siblings = byTable[record.info.schema + "\u{1F}" + record.info.table] ?? []
            let wider = siblings.filter { other in
                other.id != record.id && other.info.partial == record.info.partial && other.info.keyColumns.count > keys.count
                    && Array(other.info.keyColumns.prefix(keys.count).map(columnKey)) == keys
            }
            guard let cover = wider.min(by: { ($0.info.keyColumns.count, $0.info.name) < ($1.info.keyColumns.count, $1.info.name) }) else { continue }
            findings.append(Finding(kind: .redundant, schema: record.info.schema, table: record.info.table,
                                    index: record.info.name, coveredBy: cover.info.name,
                                    reason: "its key columns (\(record.info.keyColumns.map(\.name).joined(separator: ", "))) are a left prefix of \(cover.info.name)",
                                    sql: dropSQL(record.info, engine: engine), bytes: record.space.sizeBytes,
                                    confidence: record.info.includeColumns.isEmpty ? .high : .medium))
        }
        return findings
    }

    /// Zero scans since the counters began, on an index that enforces nothing.
    static func unused(_ records: [IndexRecord], catalog: Catalog, now: Date) -> [Finding] {
        // Formatted once: a date formatter per index costs more than the rest of the rules.
        let since = catalog.statsSince.map { " since " + Timestamp.iso8601($0) } ?? ""
        let youngStats = catalog.statsSince.map { now.timeIntervalSince($0) < trustedStatsAge } ?? false
        return records.compactMap { record in
            guard let scans = record.usage.scans, scans == 0, record.info.valid, record.info.constraint == nil,
                  !record.info.unique, !record.info.primary, !record.info.isPartitionedParent else { return nil }
            var confidence: Finding.Confidence = youngStats ? .medium : .high
            if catalog.isReplica == true { confidence = .low }
            if !record.info.servesForeignKeys.isEmpty { confidence = .low }
            var reason = "no scans\(since)"
            if catalog.isReplica == true { reason += " (counters of this replica only)" }
            if !record.info.servesForeignKeys.isEmpty {
                reason += "; it serves foreign key \(record.info.servesForeignKeys.joined(separator: ", ")) (deletes on the referenced table use it)"
            }
            return Finding(kind: .unused, schema: record.info.schema, table: record.info.table, index: record.info.name,
                           reason: reason, sql: dropSQL(record.info, engine: catalog.engine),
                           bytes: record.space.sizeBytes, confidence: confidence)
        }
    }

    static func bloated(_ records: [IndexRecord], engine: Engine) -> [Finding] {
        records.compactMap { record in
            guard let size = record.space.sizeBytes, size > 0, let bloat = record.space.bloatBytes,
                  bloat >= minimumBloatBytes, Double(bloat) >= bloatShare * Double(size) else { return nil }
            let share = Int((Double(bloat) / Double(size) * 100).rounded())
            let confidence: Finding.Confidence = record.space.bloatExact ? .high : (record.space.bloatLowConfidence ? .low : .medium)
            return Finding(kind: .bloated, schema: record.info.schema, table: record.info.table, index: record.info.name,
                           reason: "\(ByteFormat.human(bloat)) (\(share) %) reclaimable" + (record.space.bloatExact ? " (pgstatindex)" : " (estimate)"),
                           sql: SQLIdentifier.rebuild(record.info, engine: engine), bytes: bloat, confidence: confidence)
        }
    }

    // MARK: - Helpers

    private static func dropSQL(_ info: IndexInfo, engine: Engine) -> String {
        let drop = SQLIdentifier.drop(info, engine: engine)
        return drop.sql ?? ("-- " + (drop.note ?? "cannot be dropped on its own"))
    }

    private static func columnKey(_ column: IndexInfo.Column) -> String {
        "\(column.isExpression ? "expr:" : "col:")\(column.name)|\(column.descending)|\(column.collation ?? "")"
    }

    private static func signature(_ info: IndexInfo) -> String {
        [info.schema, info.table, info.method, info.partial ?? "",
         info.keyColumns.map(columnKey).joined(separator: ","), info.includeColumns.map(columnKey).joined(separator: ",")]
            .joined(separator: "\u{1F}")
    }

    /// The index to keep comes first: one backing a constraint (primary key first), then by name.
    private static func keepOrder(_ a: IndexInfo, _ b: IndexInfo) -> Bool {
        func rank(_ info: IndexInfo) -> Int { info.primary ? 0 : (info.constraint != nil ? 1 : (info.unique ? 2 : 3)) }
        return (rank(a), a.name) < (rank(b), b.name)
    }
}
