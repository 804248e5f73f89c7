/// How a plan step reads data; raw values are the JSON `kind` field.
public enum PlanNodeKind: String, Codable, Sendable, CaseIterable {
    case fullScan = "full_scan"
    case indexFullScan = "index_full_scan"
    /// A table or index read in its order, without a condition, that a LIMIT stops after its
    /// first rows (`ORDER BY id DESC LIMIT 1`): never a whole read.
    case limitedScan = "limited_scan"
    case indexSearch = "index_search"
    case rowidLookup = "rowid_lookup"
    case tempBTree = "temp_btree"
    case automaticIndex = "automatic_index"
    case sort
    case join
    case other
    /// A plan step idxscope cannot read: `check` fails on it rather than guess "no scan".
    case unknown
}

/// What an engine says about one step beyond its kind: conditions, costs, and what ANALYZE
/// measured. PostgreSQL fills what its EXPLAIN gives; SQLite's EXPLAIN QUERY PLAN gives none.
public struct PlanNodeFacts: Equatable, Sendable {
    public var indexCondition: String?
    public var recheckCondition: String?
    public var filter: String?
    /// Hash Cond or Merge Cond.
    public var joinCondition: String?
    public var joinFilter: String?
    public var tidCondition: String?
    public var sortKey: [String]?
    public var groupKey: [String]?
    public var startupCost: Double?
    public var totalCost: Double?
    /// Per loop, as EXPLAIN gives them.
    public var actualStartupMs: Double?
    public var actualTotalMs: Double?
    public var actualLoops: Double?
    /// Block counts (`shared_hit`, `shared_read`, …) in EXPLAIN's order; nil without BUFFERS.
    public var buffers: [(String, Double)]?

    public init() {}

    public static func == (lhs: PlanNodeFacts, rhs: PlanNodeFacts) -> Bool {
        lhs.indexCondition == rhs.indexCondition && lhs.recheckCondition == rhs.recheckCondition && lhs.filter == rhs.filter
            && lhs.joinCondition == rhs.joinCondition && lhs.joinFilter == rhs.joinFilter && lhs.tidCondition == rhs.tidCondition
            && lhs.sortKey == rhs.sortKey && lhs.groupKey == rhs.groupKey && lhs.startupCost == rhs.startupCost
            && lhs.totalCost == rhs.totalCost && lhs.actualStartupMs == rhs.actualStartupMs
            && lhs.actualTotalMs == rhs.actualTotalMs && lhs.actualLoops == rhs.actualLoops
            && lhs.buffers?.map(\.0) == rhs.buffers?.map(\.0) && lhs.buffers?.map(\.1) == rhs.buffers?.map(\.1)
    }
}

/// One step of a plan. `parent` is 0 for a root node, as in SQLite's EXPLAIN QUERY PLAN.
public struct PlanNode: Equatable, Sendable {
    public var id: Int
    public var parent: Int
    public var detail: String
    public var kind: PlanNodeKind
    /// The real table name (aliases resolved).
    public var relation: String?
    public var index: String?
    public var estimatedRows: Double?
    public var actualRows: Double?
    /// Engine-specific lines shown under the node (filters, conditions, timings, buffers).
    public var extra: [String]
    public var facts: PlanNodeFacts

    public init(id: Int, parent: Int, detail: String, kind: PlanNodeKind, relation: String? = nil, index: String? = nil,
                estimatedRows: Double? = nil, actualRows: Double? = nil, extra: [String] = [], facts: PlanNodeFacts = PlanNodeFacts()) {
        self.id = id
        self.parent = parent
        self.detail = detail
        self.kind = kind
        self.relation = relation
        self.index = index
        self.estimatedRows = estimatedRows
        self.actualRows = actualRows
        self.extra = extra
        self.facts = facts
    }
}

public struct QueryPlan: Equatable, Sendable {
    public var engine: Engine
    public var query: String
    /// Nodes in plan order (a parent before its children).
    public var nodes: [PlanNode]
    public var analyzed: Bool
    /// Planning/execution time in ms where the engine reports them.
    public var planningMs: Double?
    public var executionMs: Double?
    /// The engine's own plan: PostgreSQL's EXPLAIN JSON as returned (`.raw`), SQLite's EQP rows.
    public var raw: JSONValue

    public init(engine: Engine, query: String, nodes: [PlanNode], analyzed: Bool = false,
                planningMs: Double? = nil, executionMs: Double? = nil, raw: JSONValue = .null) {
        self.raw = raw
        self.engine = engine
        self.query = query
        self.nodes = nodes
        self.analyzed = analyzed
        self.planningMs = planningMs
        self.executionMs = executionMs
    }

    /// Relations read in full without an index, in plan order.
    public var fullScans: [String] {
        nodes.filter { $0.kind == .fullScan }.compactMap(\.relation)
    }

    /// Distinct index names the plan reads, in plan order.
    public var indexesUsed: [String] {
        var seen = Set<String>()
        return nodes.compactMap { node in
            guard let index = node.index, node.kind != .automaticIndex, seen.insert(index).inserted else { return nil }
            return index
        }
    }

    /// Depth of each node (root = 0), in `nodes` order, for drawing a tree.
    public func depths() -> [Int] {
        var depthByID: [Int: Int] = [:]
        return nodes.map { node in
            let depth = node.parent == 0 ? 0 : (depthByID[node.parent].map { $0 + 1 } ?? 0)
            depthByID[node.id] = depth
            return depth
        }
    }
}
