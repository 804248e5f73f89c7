/// Space an index takes. Every field is optional: engines know different things, and sizes
/// may arrive after the catalog (dbstat on a large file takes seconds).
public struct IndexSpace: Equatable, Sendable {
    /// The index's own pages × page size (SQLite: sum of dbstat.pgsize).
    public var sizeBytes: Int64?
    public var pages: Int64?
    /// Bytes inside the index's pages that hold nothing (sqlite3_analyzer's "unused bytes").
    public var unusedBytes: Int64?
    /// B-tree depth (root = 1).
    public var depth: Int?
    /// Percentage of pages not adjacent to their predecessor (sqlite3_analyzer's fragmentation).
    public var fragmentationPercent: Double?
    /// Leaf pages / entries where known.
    public var leafPages: Int64?
    public var entries: Int64?
    /// Estimated or measured reclaimable bytes.
    public var bloatBytes: Int64?
    /// True when `bloatBytes` was measured (pgstatindex), false for an estimate.
    public var bloatExact: Bool
    /// True when the estimate is unreliable (partial and expression indexes).
    public var bloatLowConfidence: Bool
    /// The indexed table's own size.
    public var tableSizeBytes: Int64?
    /// The index is the table's own b-tree (the primary key of a SQLite WITHOUT ROWID table):
    /// its bytes are the table's, not an index's on top of it.
    public var isTableBTree: Bool

    public init(sizeBytes: Int64? = nil, pages: Int64? = nil, unusedBytes: Int64? = nil, depth: Int? = nil,
                fragmentationPercent: Double? = nil, leafPages: Int64? = nil, entries: Int64? = nil,
                bloatBytes: Int64? = nil, bloatExact: Bool = false, bloatLowConfidence: Bool = false,
                tableSizeBytes: Int64? = nil, isTableBTree: Bool = false) {
        self.sizeBytes = sizeBytes
        self.pages = pages
        self.unusedBytes = unusedBytes
        self.depth = depth
        self.fragmentationPercent = fragmentationPercent
        self.leafPages = leafPages
        self.entries = entries
        self.bloatBytes = bloatBytes
        self.bloatExact = bloatExact
        self.bloatLowConfidence = bloatLowConfidence
        self.tableSizeBytes = tableSizeBytes
        self.isTableBTree = isTableBTree
    }

    public static let unknown = IndexSpace()
}
