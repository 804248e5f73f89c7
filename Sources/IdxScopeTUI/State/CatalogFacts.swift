import IdxScopeCore

/// Facts about the catalog that the list needs on every keystroke, computed once per catalog
/// or sort change so that filtering and scrolling 10,000 indexes stays within a frame.
struct CatalogFacts: Equatable, Sendable {
    /// The `AppState.catalogRevision` these facts were computed from (-1: none yet).
    var revision = -1
    /// Record positions in sort order (before filtering).
    var sortedOrder: [Int] = []
    /// Lower-cased "table name columns" per record, for the filter.
    var searchKeys: [String] = []
    /// Display widths of table, name and columns text per record.
    var widths: [Widths] = []
    var largestSize: Int64 = 0
    var hasCounters = false
    var anyBloat = false
    /// More than one schema: tables are shown (and filtered) as `schema.table`.
    var showsSchema = false

    struct Widths: Equatable, Sendable {
        var table: Int, name: Int, columns: Int
    }

    static func compute(_ records: [IndexRecord]) -> CatalogFacts {
        var facts = CatalogFacts()
        facts.searchKeys.reserveCapacity(records.count)
        facts.widths.reserveCapacity(records.count)
        facts.showsSchema = IndexList.hasSeveralSchemas(records)
        for record in records {
            let info = record.info
            let columns = IndexList.columnsText(info)
            let table = IndexList.tableLabel(info, showsSchema: facts.showsSchema)
            facts.searchKeys.append(([table, info.name] + (info.keyColumns + info.includeColumns).map(\.name))
                .joined(separator: "\u{0}").lowercased())
            // Widths of the text as drawn: control and bidi characters show escaped (`\x1B`).
            facts.widths.append(Widths(table: fastWidth(table.escapingControlCharacters()), name: fastWidth(info.name.escapingControlCharacters()),
                                       columns: fastWidth(columns.escapingControlCharacters())))
            // The bars compare indexes: a WITHOUT ROWID table's own b-tree (the table) is left out.
            if let size = record.space.sizeBytes, !record.space.isTableBTree { facts.largestSize = max(facts.largestSize, size) }
            if record.usage.scans != nil { facts.hasCounters = true }
            if record.space.bloatBytes != nil { facts.anyBloat = true }
        }
        return facts
    }

    /// ASCII text is one column per byte; only other text needs the Unicode walk.
    static func fastWidth(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.displayWidth
    }
}
