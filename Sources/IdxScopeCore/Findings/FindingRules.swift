import Foundation

/// Pure rules over a catalog: unused, duplicate, redundant (left prefix), invalid and bloated
/// indexes. No database is asked anything; the catalog (with sizes) is the whole input.
///
/// The rules first reach a `Verdict` per index (a kind and the index that covers it, no text),
/// so the TUI's badges for 10,000 indexes allocate no strings; `describe` writes the reason and
/// the SQL only for the findings someone reads.
public enum FindingRules {
    /// Bloat worth a rebuild: at least this share of the index and at least `minimumBloatBytes`.
    public static let bloatShare = 0.30
    public static let minimumBloatBytes: Int64 = 1 << 20
    /// "Unused" weighs the days the counters cover: under `weekOfStats` a weekly or monthly job
    /// may not have run yet (low); from a week, a monthly job still may not (medium); from
    /// `trustedStatsAge` on, high.
    public static let weekOfStats: TimeInterval = 7 * 24 * 3600
    public static let trustedStatsAge: TimeInterval = 30 * 24 * 3600

    /// The confidence "no scans" earns after counters of this age (nil: the age is unknown).
    public static func unusedConfidence(statsAge: TimeInterval?) -> Finding.Confidence {
        guard let statsAge else { return .medium }
        return statsAge < weekOfStats ? .low : (statsAge < trustedStatsAge ? .medium : .high)
    }

    public static func findings(in catalog: Catalog, now: Date = Date()) -> [Finding] {
        let context = Context(catalog: catalog, now: now)
        let results = tables(of: catalog).flatMap { table in verdicts(table).map { describe($0, context) } }
            + unindexedForeignKeys(in: catalog)
        return results.sorted { ($0.bytes ?? 0, $1.schema, $1.table) > ($1.bytes ?? 0, $0.schema, $0.table) }
    }

    /// The finding's kind per index, for list badges: no reasons or SQL are written.
    public static func kinds(in catalog: Catalog, now: Date = Date()) -> [IndexID: Finding.Kind] {
        var kinds: [IndexID: Finding.Kind] = [:]
        for table in tables(of: catalog) {
            for verdict in verdicts(table) { kinds[verdict.record.id] = verdict.kind }
        }
        return kinds
    }

    /// The finding about one index, judged among its own table's indexes (what the rules compare).
    public static func finding(for id: IndexID, in catalog: Catalog, now: Date = Date()) -> Finding? {
        guard let record = catalog.indexes.first(where: { $0.id == id }), record.info.parentIndex == nil,
              record.info.extensionOwner == nil else { return nil }
        // Only this table's indexes (the detail view asks on every frame: no pass over all partitions).
        let siblings = withPartitionScans(catalog.indexes.filter {
            $0.info.parentIndex == nil && $0.info.extensionOwner == nil && $0.info.schema == record.info.schema
                && $0.info.table == record.info.table
        }, catalog: catalog)
        return verdicts(siblings).first { $0.record.id == id }.map { describe($0, Context(catalog: catalog, now: now)) }
    }

    // MARK: - Verdicts

    struct Verdict {
        var kind: Finding.Kind
        var record: IndexRecord
        /// The index kept in its place (duplicate, redundant).
        var coveredBy: IndexRecord?
    }

    /// Each table's indexes; partitions' indexes follow their parent's definition, so only the
    /// parent is judged (with its partitions' scans added up). Indexes an extension owns (or on
    /// its tables) are the extension's own business (pg_partman's tables, say): left out.
    static func tables(of catalog: Catalog) -> Dictionary<TableKey, [IndexRecord]>.Values {
        Dictionary(grouping: judged(catalog)) { TableKey(schema: $0.info.schema, table: $0.info.table) }.values
    }

    /// The indexes the rules judge: no partition's own index, none an extension owns; a
    /// partitioned index carries the scans of all its leaf partitions (nil unless every leaf has
    /// counters, so a partitioned index is "unused" only when each partition's index is).
    static func judged(_ catalog: Catalog) -> [IndexRecord] {
        withPartitionScans(catalog.indexes.filter { $0.info.parentIndex == nil && $0.info.extensionOwner == nil }, catalog: catalog)
    }

    /// `tops` with each partitioned index's scans set to its leaf partitions' total.
    static func withPartitionScans(_ tops: [IndexRecord], catalog: Catalog) -> [IndexRecord] {
        guard tops.contains(where: \.info.isPartitionedParent) else { return tops }
        let names = IndexNames(catalog.indexes.map(\.info))
        // Per partitioned index: the sum, or nil once one leaf has no counters.
        var leafScans: [IndexID: Int64?] = [:]
        for record in catalog.indexes where record.info.parentIndex != nil && !record.info.isPartitionedParent {
            let top = names.topLevel(record.info).id
            let total = leafScans[top] ?? 0
            leafScans[top] = total.flatMap { total in record.usage.scans.map { total + $0 } }
        }
        return tops.map { record in
            guard record.info.isPartitionedParent, let scans = leafScans[record.id] else { return record }
            var record = record
            record.usage.scans = scans
            return record
        }
    }

    struct TableKey: Hashable {
        var schema: String
        var table: String
    }

    /// One table's verdicts, at most one per index, never two that together drop what a query
    /// needs: the index kept in place of a duplicate, or the wider index that makes a prefix
    /// redundant, is never itself flagged unused; and an index nobody scans is no reason to drop a
    /// shorter one that is scanned.
    static func verdicts(_ records: [IndexRecord]) -> [Verdict] {
        let idle = Set(unused(records).map(\.record.id))
        var results: [Verdict] = []
        var flagged = Set<IndexID>()
        var kept = Set<IndexID>()
        for verdict in invalid(records) + duplicates(records) + redundant(records, excludingCovers: idle)
            where !kept.contains(verdict.record.id) && flagged.insert(verdict.record.id).inserted {
            results.append(verdict)
            if let cover = verdict.coveredBy { kept.insert(cover.id) }
        }
        for verdict in unused(records) where !kept.contains(verdict.record.id) && flagged.insert(verdict.record.id).inserted {
            results.append(verdict)
        }
        // A kept twin or cover stays, bloat and all: rebuilding it is still worth saying.
        for verdict in bloated(records) where flagged.insert(verdict.record.id).inserted {
            results.append(verdict)
        }
        return results
    }

    static func invalid(_ records: [IndexRecord]) -> [Verdict] {
        records.filter { !$0.info.valid }.map { Verdict(kind: .invalid, record: $0) }
    }

    /// Same table, method, keys, INCLUDE and predicate: the one backing a constraint (else the
    /// first by name) is kept.
    static func duplicates(_ records: [IndexRecord]) -> [Verdict] {
        var verdicts: [Verdict] = []
        for (_, group) in Dictionary(grouping: records.filter(\.info.valid), by: { Signature($0.info) }) where group.count > 1 {
            let ordered = group.sorted { keepOrder($0.info, $1.info) }
            for record in ordered.dropFirst() where record.info.constraint == nil {
                verdicts.append(Verdict(kind: .duplicate, record: record, coveredBy: ordered[0]))
            }
        }
        return verdicts
    }

    /// A btree whose keys are a left prefix of another btree's with the same predicate. Never a
    /// unique index (it enforces what the longer one does not).
    static func redundant(_ records: [IndexRecord], excludingCovers idle: Set<IndexID> = []) -> [Verdict] {
        let btrees = records.filter { $0.info.valid && $0.info.method == "btree" }
        var verdicts: [Verdict] = []
        for record in btrees where !record.info.unique && record.info.constraint == nil {
            let keys = record.info.keyColumns.map(ColumnKey.init)
            let cover = btrees.filter { other in
                other.id != record.id && !idle.contains(other.id) && other.info.partial == record.info.partial && other.info.keyColumns.count > keys.count
                    && other.info.keyColumns.prefix(keys.count).map(ColumnKey.init) == keys
            }.min { ($0.info.keyColumns.count, $0.info.name) < ($1.info.keyColumns.count, $1.info.name) }
            if let cover { verdicts.append(Verdict(kind: .redundant, record: record, coveredBy: cover)) }
        }
        return verdicts
    }

    /// Zero scans since the counters began, on an index that enforces nothing (a partitioned
    /// index: zero on every partition, see `judged`).
    static func unused(_ records: [IndexRecord]) -> [Verdict] {
        records.filter { record in
            record.usage.scans == 0 && record.info.valid && record.info.constraint == nil && !record.info.unique
                && !record.info.primary
        }.map { Verdict(kind: .unused, record: $0) }
    }

    static func bloated(_ records: [IndexRecord]) -> [Verdict] {
        records.filter { record in
            guard let size = record.space.sizeBytes, size > 0, let bloat = record.space.bloatBytes else { return false }
            return bloat >= minimumBloatBytes && Double(bloat) >= bloatShare * Double(size)
        }.map { Verdict(kind: .bloated, record: $0) }
    }

    /// A foreign key whose lookup (planned by the engine: `ForeignKeyLookups`) reads the whole
    /// referencing table: a delete (or key update) on the referenced table scans it, once per
    /// row, under a lock. A key never planned is not judged.
    static func unindexedForeignKeys(in catalog: Catalog) -> [Finding] {
        catalog.foreignKeys.compactMap { key in
            let plan: String
            var confidence = Finding.Confidence.medium
            switch key.lookup {
            case .wholeTable(let detail)?: plan = "its lookup reads all of \(key.table) (\(detail))"
            case .unrecognized(let detail)?:
                plan = "its lookup plan was not understood (\(detail)), so it is not taken as indexed"
                confidence = .low
            case nil, .indexes?, .tableKey?, .failed?: return nil
            }
            let rows = catalog.tables["\(key.schema).\(key.table)"]?.rows
            if (rows ?? Int64.max) < 1000 { confidence = .low }
            let columns = key.columns.map(SQLIdentifier.quote).joined(separator: ", ")
            let table = SQLIdentifier.qualified(schema: key.schema, name: key.table, engine: catalog.engine)
            let sql = catalog.engine == .postgresql
                ? "CREATE INDEX CONCURRENTLY ON \(table) (\(columns));"
                : "CREATE INDEX \(SQLIdentifier.quote(([key.table] + key.columns).joined(separator: "_") + "_fk")) ON \(table) (\(columns));"
            return Finding(kind: .unindexedFK, schema: key.schema, table: key.table, index: nil,
                           reason: "foreign key \(label(key)): "
                               + plan + "; each delete or key update there scans \(key.table)",
                           sql: sql, bytes: nil, confidence: confidence, columns: key.columns,
                           referencedTable: key.referencedTable, referencedColumns: key.referencedColumns)
        }
    }

    // MARK: - Text

    /// `name (columns) → table`; SQLite's keys are named like that already.
    static func label(_ key: ForeignKey) -> String {
        key.name.hasPrefix(key.table + "(") ? key.name : "\(key.name) (\(key.columns.joined(separator: ", "))) → \(key.referencedTable)"
    }

    /// What the describing needs from the catalog besides the index, computed once per call.
    struct Context {
        var engine: Engine
        var isReplica: Bool
        /// Servers whose counters were added together (`--also`).
        var servers: Int
        /// " since 2026-… (counters 12 minutes old)" or "" (formatted once: a formatter per index
        /// costs more than the rules).
        var since: String
        var unusedConfidence: Finding.Confidence

        init(catalog: Catalog, now: Date) {
            engine = catalog.engine
            isReplica = catalog.isReplica == true
            servers = catalog.servers ?? 1
            let age = catalog.statsSince.map { now.timeIntervalSince($0) }
            unusedConfidence = FindingRules.unusedConfidence(statsAge: age)
            since = ""
            if let since = catalog.statsSince, let age {
                self.since = " since \(Timestamp.iso8601(since)) (counters \(Age.describe(age)) old"
                    + (age < FindingRules.weekOfStats ? ": too young to rule out a weekly or monthly job)" : ")")
            }
        }
    }

    static func describe(_ verdict: Verdict, _ context: Context) -> Finding {
        let info = verdict.record.info
        let space = verdict.record.space
        var reason: String
        var sql = dropSQL(info, engine: context.engine)
        var bytes = space.sizeBytes
        var confidence = Finding.Confidence.high
        switch verdict.kind {
        case .invalid:
            reason = "invalid (a failed CREATE INDEX CONCURRENTLY?): the planner ignores it but every write maintains it"
        case .duplicate:
            let kept = verdict.coveredBy?.info
            let what = kept?.primary == true ? "the primary key" : (kept?.constraint != nil ? "a constraint's index" : "another index")
            reason = "same key columns as \(what) (\(kept?.name ?? "?"))"
        case .redundant:
            reason = "its key columns (\(info.keyColumns.map(\.name).joined(separator: ", "))) are a left prefix of \(verdict.coveredBy?.info.name ?? "?")"
            if !info.includeColumns.isEmpty { confidence = .medium }
        case .unused:
            reason = (info.isPartitionedParent ? "no scans on any of its partitions' indexes (the size is their total)" : "no scans")
                + (context.servers > 1 ? " on any of \(context.servers) servers" : "") + context.since
            confidence = context.unusedConfidence
            if context.isReplica && context.servers == 1 {
                reason += " (counters of this replica only)"
                confidence = .low
            }
            if !info.servesForeignKeys.isEmpty {
                reason += "; it serves foreign key \(info.servesForeignKeys.joined(separator: ", ")) (deletes on the referenced table use it)"
                confidence = .low
            }
        case .bloated:
            let bloat = space.bloatBytes ?? 0
            let share = Int((Double(bloat) / Double(max(1, space.sizeBytes ?? 1)) * 100).rounded())
            reason = "\(ByteFormat.human(bloat)) (\(share) %) reclaimable" + (space.bloatExact ? " (pgstatindex)" : " (estimate)")
            sql = SQLIdentifier.rebuild(info, engine: context.engine)
            bytes = bloat
            confidence = space.bloatExact ? .high : (space.bloatLowConfidence ? .low : .medium)
        case .unindexedFK, .missing:
            reason = ""
        }
        return Finding(kind: verdict.kind, schema: info.schema, table: info.table, index: info.name,
                       coveredBy: verdict.coveredBy?.info.name, reason: reason, sql: sql, bytes: bytes, confidence: confidence,
                       columns: info.keyColumns.map(\.name), servesForeignKeys: info.servesForeignKeys)
    }

    // MARK: - Helpers

    private static func dropSQL(_ info: IndexInfo, engine: Engine) -> String {
        let drop = SQLIdentifier.drop(info, engine: engine)
        return drop.sql ?? ("-- " + (drop.note ?? "cannot be dropped on its own"))
    }

    /// A key column as the rules compare it: the engine's full text of the name or expression,
    /// order, NULLS order, collation and operator class (a `text_pattern_ops` index serves
    /// `LIKE 'x%'`, which the plain one does not).
    struct ColumnKey: Hashable {
        var name: String
        var isExpression: Bool
        var descending: Bool
        var nullsFirst: Bool
        var collation: String?
        var opclass: String?
        init(_ column: IndexInfo.Column) {
            name = column.name
            isExpression = column.isExpression
            descending = column.descending
            nullsFirst = column.nullsFirst ?? column.descending
            collation = column.collation
            opclass = column.opclass
        }
    }

    /// What two duplicate indexes share (the table is the same within a group already).
    struct Signature: Hashable {
        var method: String
        var partial: String?
        var keys: [ColumnKey]
        var include: [ColumnKey]
        init(_ info: IndexInfo) {
            method = info.method
            partial = info.partial
            keys = info.keyColumns.map(ColumnKey.init)
            include = info.includeColumns.map(ColumnKey.init)
        }
    }

    /// The index to keep comes first: one backing a constraint (primary key first), then by name.
    private static func keepOrder(_ a: IndexInfo, _ b: IndexInfo) -> Bool {
        func rank(_ info: IndexInfo) -> Int { info.primary ? 0 : (info.constraint != nil ? 1 : (info.unique ? 2 : 3)) }
        return (rank(a), a.name) < (rank(b), b.name)
    }
}
