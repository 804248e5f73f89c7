import Foundation
import IdxScopeCore

/// A column the index list can be sorted by.
enum SortColumn: String, CaseIterable, Sendable {
    case table, name, columns, size, scans, scanRate = "scans/s", bloat

    /// The list's column title, also used by the footer.
    var title: String { self == .name ? "index" : rawValue }

    /// Whether the list shows this column: scans need usage counters, bloat needs estimates;
    /// sorting by a hidden column would reorder rows for no visible reason.
    /// Sizes, scans and bloat read best largest-first.
    var startsDescending: Bool { [.size, .scans, .scanRate, .bloat].contains(self) }

    func isShown(_ facts: CatalogFacts) -> Bool {
        switch self {
        case .scans, .scanRate: return facts.hasCounters
        case .bloat: return facts.anyBloat
        default: return true
        }
    }
}

/// One line of the index list: an index (by position in the catalog) or a table group heading.
enum ListLine: Equatable, Sendable {
    case index(Int)
    case group(table: String, schema: String, count: Int, bytes: Int64?)

    var recordIndex: Int? {
        if case .index(let i) = self { return i }
        return nil
    }
}

/// Pure filtering, sorting and grouping of catalog rows.
enum IndexList {
    /// Same-named tables in different schemas must be told apart, as in the CLI's `indexes`.
    static func hasSeveralSchemas(_ records: [IndexRecord]) -> Bool {
        guard let first = records.first?.info.schema else { return false }
        return records.contains { $0.info.schema != first }
    }

    /// The table as the list shows it: `schema.table` when the catalog has several schemas.
    static func tableLabel(_ info: IndexInfo, showsSchema: Bool) -> String {
        showsSchema ? info.schema + "." + info.table : info.table
    }

    static func columnsText(_ info: IndexInfo) -> String {
        var text = info.keyColumns.map { $0.name + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
        if !info.includeColumns.isEmpty { text += " +(" + info.includeColumns.map(\.name).joined(separator: ", ") + ")" }
        return text
    }

    /// Why pgstatindex cannot measure this index exactly, or nil when it can: it reads btree
    /// pages only, and a partitioned parent has no pages of its own.
    static func exactBloatRefusal(_ info: IndexInfo) -> String? {
        if info.isPartitionedParent {
            return "\(info.name) is a partitioned index with no pages of its own; measure its partitions' indexes"
        }
        if info.method != "btree" { return "exact bloat is measured for btree indexes only (\(info.name) is \(info.method))" }
        return nil
    }

    /// The same flags as the CLI's table (U unique, P primary, W partial, E expression, ! invalid).
    static func flags(_ info: IndexInfo) -> String { IndexesReport.flags(info) }

    /// Record positions in display order. Ties break by table then name so the order is
    /// stable; grouping sorts by table first.
    static func sortedOrder(records: [IndexRecord], sort: SortColumn, descending: Bool, groupByTable: Bool,
                                   scanRates: [IndexID: Double]) -> [Int] {
        // Sort keys computed once per record, not once per comparison.
        let showsSchema = hasSeveralSchemas(records)
        let lowered: [(table: String, name: String, columns: String)] = records.map {
            (tableLabel($0.info, showsSchema: showsSchema).lowercased(), $0.info.name.lowercased(), sort == .columns ? columnsText($0.info).lowercased() : "")
        }
        func order(_ a: Int, _ b: Int) -> Bool {
            let x = records[a], y = records[b]
            if groupByTable {
                if x.info.schema != y.info.schema { return x.info.schema < y.info.schema }
                if x.info.table != y.info.table { return x.info.table < y.info.table }
            }
            let result: Int
            switch sort {
            case .table: result = compare(lowered[a].table, lowered[b].table)
            case .name: result = compare(lowered[a].name, lowered[b].name)
            case .columns: result = compare(lowered[a].columns, lowered[b].columns)
            default: result = compare(x, y, by: sort, scanRates: scanRates)
            }
            if result != 0 { return descending ? result > 0 : result < 0 }
            if x.info.table != y.info.table { return x.info.table < y.info.table }
            if x.info.schema != y.info.schema { return x.info.schema < y.info.schema }
            return x.info.name < y.info.name
        }
        return records.indices.sorted(by: order)
    }

    /// The list's badge for a finding kind (at most 7 columns: the badge column's width); the
    /// filter matches it too.
    static func badge(_ kind: Finding.Kind) -> String {
        switch kind {
        case .unused: return "unused"
        case .duplicate: return "dup"
        case .redundant: return "prefix"
        case .invalid: return "invalid"
        case .bloated: return "bloated"
        case .unindexedFK: return "no-fk"
        case .missing: return "missing"
        }
    }

    /// The list lines: the sorted positions whose search key or badge contains every word of the
    /// filter, with table headings when grouping.
    static func lines(records: [IndexRecord], sortedOrder: [Int], searchKeys: [String], filter: String,
                      groupByTable: Bool, badges: (Int) -> String? = { _ in nil }) -> [ListLine] {
        let words = filter.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let positions = words.isEmpty ? sortedOrder : sortedOrder.filter { position in
            words.allSatisfy { word in containsBytes(searchKeys[position], word) || (badges(position).map { containsBytes($0, word) } ?? false) }
        }
        guard groupByTable else { return positions.map { .index($0) } }
        var result: [ListLine] = []
        var start = 0
        while start < positions.count {
            let first = records[positions[start]].info
            var end = start
            var bytes: Int64? = 0
            while end < positions.count, records[positions[end]].info.table == first.table, records[positions[end]].info.schema == first.schema {
                if let size = records[positions[end]].space.sizeBytes { bytes = bytes.map { $0 + size } } else { bytes = nil }
                end += 1
            }
            result.append(.group(table: first.table, schema: first.schema, count: end - start, bytes: bytes))
            result.append(contentsOf: positions[start..<end].map { .index($0) })
            start = end
        }
        return result
    }

    /// Substring test on the UTF-8 bytes: both sides are lower-cased already, and
    /// String.contains compares Characters, which made a keystroke over 10,000 keys ~7 ms.
    static func containsBytes(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack, needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard let first = pin.first else { return true }
                guard hay.count >= pin.count else { return false }
                for start in 0...(hay.count - pin.count) where hay[start] == first {
                    if memcmp(hay.baseAddress! + start, pin.baseAddress!, pin.count) == 0 { return true }
                }
                return false
            }
        }
    }

    static func compare(_ a: String, _ b: String) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    /// -1, 0, 1; unknown values sort after known ones in ascending order.
    static func compare(_ x: IndexRecord, _ y: IndexRecord, by column: SortColumn, scanRates: [IndexID: Double]) -> Int {
        func cmp<T: Comparable>(_ a: T?, _ b: T?) -> Int {
            switch (a, b) {
            case let (a?, b?): return a < b ? -1 : (a > b ? 1 : 0)
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            }
        }
        switch column {
        case .table: return cmp(x.info.table.lowercased(), y.info.table.lowercased())
        case .name: return cmp(x.info.name.lowercased(), y.info.name.lowercased())
        case .columns: return cmp(columnsText(x.info).lowercased(), columnsText(y.info).lowercased())
        case .size: return cmp(x.space.sizeBytes, y.space.sizeBytes)
        case .scans: return cmp(x.usage.scans, y.usage.scans)
        case .scanRate: return cmp(scanRates[x.id], scanRates[y.id])
        case .bloat: return cmp(x.space.bloatBytes, y.space.bloatBytes)
        }
    }
}
