/// Reads the engine's plan of a foreign key's lookup (`SELECT 1 FROM child WHERE c1 = ? AND …`,
/// what a delete or key update on the referenced table runs) and says which indexes serve it.
/// Pure: the engines plan, this reads their plans.
public enum ForeignKeyLookups {
    /// The verdict for one key from its lookup plan. `indexes` is the whole catalog's (a
    /// partition's index is reported as its partitioned index).
    ///
    /// PostgreSQL may put a condition on a non-leading btree column in "Index Cond" and still read
    /// the whole index; such a search counts as a whole read unless the index's first key column
    /// is one of the key's columns (`requireLeadingColumn`). SQLite only searches on leading
    /// columns (or skip-scans when its statistics say that pays), so its SEARCH is taken as is.
    public static func judge(_ plan: QueryPlan, for key: ForeignKey, indexes: IndexNames,
                             requireLeadingColumn: Bool) -> ForeignKeyLookup {
        var served: [String] = []
        var tableKey = false
        let keyColumns = Set(key.columns)
        for node in plan.nodes {
            switch node.kind {
            case .fullScan, .indexFullScan, .automaticIndex, .limitedScan:
                // A lookup has no LIMIT: a scan it stops early is still a scan.
                return .wholeTable(node.detail)
            case .unknown:
                return .unrecognized(node.detail)
            case .indexSearch:
                guard let name = node.index else { return .unrecognized(node.detail) }
                let info = indexes.find(name, schema: key.schema)
                if requireLeadingColumn {
                    guard let first = info?.keyColumns.first, !first.isExpression, keyColumns.contains(first.name) else {
                        return .wholeTable(node.detail + " (its first key column is not in the key: the whole index is read)")
                    }
                }
                let top = info.map { indexes.topLevel($0).name } ?? name
                if !served.contains(top) { served.append(top) }
            case .rowidLookup:
                tableKey = true
            case .tempBTree, .sort, .join, .other:
                continue
            }
        }
        if !served.isEmpty { return .indexes(served) }
        if tableKey { return .tableKey }
        return .unrecognized(plan.nodes.map(\.detail).joined(separator: " → "))
    }

    /// The catalog with each index's `servesForeignKeys` set from the keys' lookups (replacing
    /// whatever was there): an index serves a key when the planner searches it for the key.
    public static func annotate(_ catalog: Catalog) -> Catalog {
        let names = IndexNames(catalog.indexes.map(\.info))
        var served: [IndexID: [String]] = [:]
        for key in catalog.foreignKeys {
            guard case .indexes(let used)? = key.lookup else { continue }
            for name in used {
                guard let info = names.find(name, schema: key.schema) else { continue }
                served[info.id, default: []].append(key.name)
            }
        }
        var copy = catalog
        for position in copy.indexes.indices {
            copy.indexes[position].info.servesForeignKeys = (served[copy.indexes[position].id] ?? []).sorted()
        }
        return copy
    }

}

/// The catalog's indexes by bare name (plans name an index without its schema).
public struct IndexNames {
    private let byName: [String: [IndexInfo]]

    public init(_ indexes: [IndexInfo]) {
        byName = Dictionary(grouping: indexes, by: \.name)
    }

    /// The index called `name`: in `schema` first, else in any schema.
    func find(_ name: String, schema: String) -> IndexInfo? {
        let candidates = byName[name] ?? []
        return candidates.first { $0.schema == schema } ?? candidates.first
    }

    /// A partition's index → its partitioned index, up every level (`parentIndex` is a bare name
    /// in the same schema, else `schema.name`).
    func topLevel(_ info: IndexInfo) -> IndexInfo {
        var current = info
        var seen: Set<IndexID> = [info.id]
        while let parent = current.parentIndex {
            let next = find(parent, schema: current.schema).flatMap { $0.schema == current.schema ? $0 : nil }
                ?? parent.firstIndex(of: ".").flatMap { dot in
                    (byName[String(parent[parent.index(after: dot)...])] ?? []).first { $0.schema == String(parent[..<dot]) }
                }
            guard let next, seen.insert(next.id).inserted else { break }
            current = next
        }
        return current
    }
}
