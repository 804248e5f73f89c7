import Foundation

/// A statement's plan as the advisor compares it.
public struct WhatIfPlan: Equatable, Sendable {
    /// The engine's estimated total cost (PostgreSQL); nil where the engine gives none (SQLite).
    public var cost: Double?
    /// The figure compared before and after: the cost, or on SQLite one point per table or index
    /// read whole (or automatic index) and half a point per temp B-tree.
    public var score: Double
    /// The plan as text, one line per node, indented by depth.
    public var lines: [String]
    /// Names of the real indexes the plan reads.
    public var indexesUsed: [String]
    /// Positions, in the hypothetical list it was planned with, of the candidates the plan reads.
    public var candidatesUsed: Set<Int>

    public init(cost: Double?, score: Double, lines: [String], indexesUsed: [String], candidatesUsed: Set<Int> = []) {
        self.cost = cost
        self.score = score
        self.lines = lines
        self.indexesUsed = indexesUsed
        self.candidatesUsed = candidatesUsed
    }

    /// SQLite's score of a classified plan (no costs there): what an index can take away. A
    /// search loses a hundredth per constrained column, so of two indexes that both turn a scan
    /// into a search the one the plan constrains more columns of ranks first.
    public static func sqliteScore(_ plan: QueryPlan) -> Double {
        plan.nodes.reduce(0) { total, node in
            switch node.kind {
            case .fullScan, .indexFullScan, .automaticIndex: return total + 1
            case .tempBTree: return total + 0.5
            case .indexSearch: return total - 0.01 * Double(constrainedColumns(node.detail))
            default: return total
            }
        }
    }

    /// Terms of a SEARCH detail's `(a=? AND b>?)`.
    static func constrainedColumns(_ detail: String) -> Int {
        guard detail.hasSuffix(")"), let open = detail.lastIndex(of: "(") else { return 0 }
        let terms = detail[detail.index(after: open)..<detail.index(before: detail.endIndex)]
        return terms.components(separatedBy: " AND ").filter { $0.contains("?") }.count
    }

    /// The least score drop that counts on SQLite: a temp B-tree gone (a scan gone is 1).
    public static let sqliteMinimumDrop = 0.5

    /// Plan lines indented by depth (`SCAN t`, `  SEARCH …`), each hypothetical index's
    /// engine-made name replaced by the name it is proposed under.
    public static func lines(of plan: QueryPlan, renaming names: [String: String] = [:]) -> [String] {
        zip(plan.nodes, plan.depths()).map { node, depth in
            var detail = node.detail
            if let index = node.index, let shown = names[index] { detail = detail.replacingOccurrences(of: index, with: shown) }
            return String(repeating: "  ", count: depth) + detail
        }
    }
}

/// What an engine offers the advisor: plans with hypothetical indexes present (hypopg, an
/// in-memory schema copy), never a real index in the inspected database.
public protocol WhatIfPlanner: AnyObject {
    var engine: Engine { get }
    /// Planner calls made so far (EXPLAINs, hypothetical index creations included).
    var plannerCalls: Int { get }
    /// Plans the statement as if `hypothetical` existed besides the real indexes.
    func plan(_ statement: WorkloadStatement, with hypothetical: [IndexCandidate]) throws -> WhatIfPlan
    /// The tables the statement reads and the keys it filters, joins and sorts them by.
    func usages(of statement: WorkloadStatement) throws -> [ColumnUsage]
    /// The candidate's size if it were built (nil when the engine cannot tell).
    func estimatedBytes(of candidate: IndexCandidate) throws -> Int64?
    /// Drops whatever hypothetical state the planner holds.
    func finish()
    /// What the planner could not reproduce (shown as notes): plans touching it may differ.
    var notes: [String] { get }
    /// Why no hypothetical index can be planned here (hypopg missing), nil when they can: then
    /// only the current plans are made.
    var unavailableReason: String? { get }
    /// The lookup the engine runs on the referencing table for one referenced key (a delete or
    /// key update there), as a statement to plan.
    func foreignKeyLookup(_ key: ForeignKey) -> WorkloadStatement
    /// The plan the statement would get without the real index `index`, where the engine can
    /// tell without touching the database (nil otherwise).
    func planWithout(index: IndexID, statement: WorkloadStatement) throws -> [String]?
}
