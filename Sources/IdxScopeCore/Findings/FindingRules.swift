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
        let context = Context(catalog: catalog, now: now)
        let results = tables(of: catalog).flatMap { findings(amongIndexesOf: $0, context) }
        return results.sorted { ($0.bytes ?? 0, $1.schema, $1.table) > ($1.bytes ?? 0, $0.schema, $0.table) }
    }

    /// The most important finding's kind per index, for list badges: nothing else is kept, so
    /// 10,000 findings cost a small map rather than their reasons and SQL.
    public static func kinds(in catalog: Catalog, now: Date = Date()) -> [IndexID: Finding.Kind] {
        let context = Context(catalog: catalog, now: now)
        var kinds: [IndexID: Finding.Kind] = [:]
        for table in tables(of: catalog) {
            for finding in findings(amongIndexesOf: table, context) {
                if let id = finding.indexID { kinds[id] = finding.kind }
            }
        }
        return kinds
    }

    /// The finding about one index, judged among its own table's indexes (what the rules compare).
    public static func finding(for id: IndexID, in catalog: Catalog, now: Date = Date()) -> Finding? {
        guard let record = catalog.indexes.first(where: { $0.id == id }), record.info.parentIndex == nil else { return nil }
        let siblings = catalog.indexes.filter {
            $0.info.parentIndex == nil && $0.info.schema == record.info.schema && $0.info.table == record.info.table
        }
        return findings(amongIndexesOf: siblings, Context(catalog: catalog, now: now)).first { $0.indexID == id }
    }

    /// What the rules need from the catalog besides the indexes, computed once per call.
    struct Context {
        var engine: Engine
        var isReplica: Bool
        /// " since 2026-…" or "" (formatted once: a formatter per index costs more than the rules).
        var since: String
        var youngStats: Bool

        init(catalog: Catalog, now: Date) {
            engine = catalog.engine
            isReplica = catalog.isReplica == true
            since = catalog.statsSince.map { " since " + Timestamp.iso8601($0) } ?? ""
            youngStats = catalog.statsSince.map { now.timeIntervalSince($0) < FindingRules.trustedStatsAge } ?? false
        }
    }

    /// Each table's indexes; partitions' indexes follow their parent's definition, so only the
    /// parent is judged.
    static func tables(of catalog: Catalog) -> [[IndexRecord]] {
        Array(Dictionary(grouping: catalog.indexes.filter { $0.info.parentIndex == nil }) {
            $0.info.schema + "\u{1F}" + $0.info.table
        }.values)
    }

    /// One table's findings, at most one per index: invalid, duplicate and redundant before
    /// unused and bloated.
    static func findings(amongIndexesOf records: [IndexRecord], _ context: Context) -> [Finding] {
        var results: [Finding] = []
        var flagged = Set<IndexID>()
        for finding in invalid(records, engine: context.engine) + duplicates(records, engine: context.engine)
            + redundant(records, engine: context.engine) {
            guard let id = finding.indexID, flagged.insert(id).inserted else { continue }
            results.append(finding)
        }
        for finding in unused(records, context) + bloated(records, engine: context.engine) {
            guard let id = finding.indexID, !flagged.contains(id) else { continue }
            results.append(finding)
        }
        return results
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
        let btrees = records.filter { $0.info.valid && $0.info.method == "btree" }
        var findings: [Finding] = []
        for record in btrees where !record.info.unique && record.info.constraint == nil {
            let keys = record.info.keyColumns.map(columnKey)
            let wider = btrees.filter { other in
                other.id != record.id && other.info.schema == record.info.schema && other.info.table == record.info.table
                    && other.info.partial == record.info.partial && other.info.keyColumns.count > keys.count
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
    static func unused(_ records: [IndexRecord], _ context: Context) -> [Finding] {
        records.compactMap { record in
            guard let scans = record.usage.scans, scans == 0, record.info.valid, record.info.constraint == nil,
                  !record.info.unique, !record.info.primary, !record.info.isPartitionedParent else { return nil }
            var confidence: Finding.Confidence = context.youngStats ? .medium : .high
            if context.isReplica { confidence = .low }
            if !record.info.servesForeignKeys.isEmpty { confidence = .low }
            var reason = "no scans\(context.since)"
            if context.isReplica { reason += " (counters of this replica only)" }
            if !record.info.servesForeignKeys.isEmpty {
                reason += "; it serves foreign key \(record.info.servesForeignKeys.joined(separator: ", ")) (deletes on the referenced table use it)"
            }
            return Finding(kind: .unused, schema: record.info.schema, table: record.info.table, index: record.info.name,
                           reason: reason, sql: dropSQL(record.info, engine: context.engine),
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
