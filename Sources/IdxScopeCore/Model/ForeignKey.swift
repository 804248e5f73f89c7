/// A foreign key as the finding rules need it: which columns of which table point elsewhere, and
/// how the engine's planner finds the referencing rows of one referenced key.
public struct ForeignKey: Equatable, Sendable {
    public var schema: String
    public var table: String
    /// The constraint's name (SQLite's keys have none: a readable label stands in).
    public var name: String
    /// Referencing columns, in the key's order.
    public var columns: [String]
    /// The referenced table, as the engine names it.
    public var referencedTable: String
    /// Referenced columns, in the key's order (empty when the engine did not say).
    public var referencedColumns: [String]
    /// The planner's answer for the lookup a delete or key update on the referenced table runs;
    /// nil when it was not planned.
    public var lookup: ForeignKeyLookup?
    /// The lookup statement as the engine runs it (PostgreSQL: `ONLY` unless the table is
    /// partitioned, as its RI triggers write it), when the engine gave it.
    public var lookupSQL: String?

    public init(schema: String, table: String, name: String, columns: [String], referencedTable: String,
                referencedColumns: [String] = [], lookup: ForeignKeyLookup? = nil) {
        self.schema = schema
        self.table = table
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.lookup = lookup
    }
}

/// How the plan of `SELECT 1 FROM child WHERE c1 = ? AND …` reads the referencing table.
public enum ForeignKeyLookup: Equatable, Sendable {
    /// Searched through these indexes (a partition's index is named by its partitioned index).
    case indexes([String])
    /// Searched through the table's own key (SQLite's rowid or WITHOUT ROWID primary key, a TID).
    case tableKey
    /// The whole table (or a whole index) is read: the plan line that says so.
    case wholeTable(String)
    /// A plan idxscope does not recognise: never taken for "served".
    case unrecognized(String)
    /// The engine refused to plan it (the error), so nothing is known.
    case failed(String)

    public var isServed: Bool {
        switch self {
        case .indexes, .tableKey: true
        case .wholeTable, .unrecognized, .failed: false
        }
    }
}
