/// Something worth a DBA's look, with the SQL that would act on it (shown, never run).
public struct Finding: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case unused
        case duplicate
        case redundant
        case invalid
        case bloated
        case unindexedFK = "unindexed_fk"
        case missing
    }

    public enum Confidence: String, Sendable {
        case high, medium, low
    }

    public var kind: Kind
    public var schema: String
    public var table: String
    /// Nil for findings about a table rather than an index (unindexed_fk, missing).
    public var index: String?
    /// The index that makes this one unnecessary (duplicate, redundant).
    public var coveredBy: String?
    public var reason: String
    public var sql: String
    /// Bytes the SQL would give back (the index size, or the bloat).
    public var bytes: Int64?
    public var confidence: Confidence
    /// The index's key columns, a foreign key's referencing columns (unindexed_fk), or the key
    /// columns (or expressions) of the index to add (missing).
    public var columns: [String]
    /// unindexed_fk: the table and columns the key references.
    public var referencedTable: String?
    public var referencedColumns: [String]?
    /// Foreign keys whose lookup the planner runs on this index: dropping it makes them scan.
    public var servesForeignKeys: [String]
    /// `missing`: the plans that prove it.
    public var proof: Proof?
    /// Drop findings with a workload: the statements whose plan uses the index.
    public var usedBy: [WorkloadUse]?

    public struct Proof: Equatable, Sendable {
        public var statements: [StatementProof]
        public var gainPercent: Double?
        public init(statements: [StatementProof], gainPercent: Double?) {
            self.statements = statements
            self.gainPercent = gainPercent
        }
    }

    /// A workload statement whose plan reads the index, and (SQLite) its plan without it.
    public struct WorkloadUse: Equatable, Sendable {
        public var query: String
        public var calls: Int64
        public var planWithout: [String]?
        public init(query: String, calls: Int64, planWithout: [String]?) {
            self.query = query
            self.calls = calls
            self.planWithout = planWithout
        }
    }

    public init(kind: Kind, schema: String, table: String, index: String?, coveredBy: String? = nil, reason: String,
                sql: String, bytes: Int64?, confidence: Confidence, columns: [String] = [],
                referencedTable: String? = nil, referencedColumns: [String]? = nil, servesForeignKeys: [String] = [],
                proof: Proof? = nil, usedBy: [WorkloadUse]? = nil) {
        self.kind = kind
        self.schema = schema
        self.table = table
        self.index = index
        self.coveredBy = coveredBy
        self.reason = reason
        self.sql = sql
        self.bytes = bytes
        self.confidence = confidence
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.servesForeignKeys = servesForeignKeys
        self.proof = proof
        self.usedBy = usedBy
    }

    public var indexID: IndexID? { index.map { IndexID(schema: schema, name: $0) } }
}
