/// Usage counters since `Catalog.statsSince`; `nil` where the engine keeps none (SQLite).
public struct IndexUsage: Equatable, Sendable {
    public var scans: Int64?
    public var tuplesRead: Int64?
    public var tuplesFetched: Int64?

    public init(scans: Int64? = nil, tuplesRead: Int64? = nil, tuplesFetched: Int64? = nil) {
        self.scans = scans
        self.tuplesRead = tuplesRead
        self.tuplesFetched = tuplesFetched
    }

    public static let unknown = IndexUsage()
}
