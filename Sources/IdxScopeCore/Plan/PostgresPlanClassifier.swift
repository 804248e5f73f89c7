import Foundation

/// Maps PostgreSQL's `EXPLAIN (FORMAT JSON)` output to the engine-neutral plan tree. Pure: no
/// database, so it is tested on real JSON samples.
public enum PostgresPlanClassifier {
    /// The kind of one plan node from its "Node Type" and whether it has an "Index Cond". A node
    /// type this list does not know (a newer server, a Custom Scan) is `unknown`, never "no scan".
    public static func kind(nodeType: String, hasIndexCondition: Bool) -> PlanNodeKind {
        switch nodeType {
        // Sample Scan reads the table without an index (BERNOULLI visits every page); a Foreign
        // Scan's remote plan is out of sight, so it counts as a whole read of its relation.
        case "Seq Scan", "Sample Scan", "Foreign Scan": .fullScan
        case "Index Scan", "Index Only Scan": hasIndexCondition ? .indexSearch : .indexFullScan
        case "Bitmap Index Scan": .indexSearch
        case "Tid Scan", "Tid Range Scan": .rowidLookup
        case "Sort", "Incremental Sort": .sort
        case "Nested Loop", "Hash Join", "Merge Join": .join
        case _ where knownOtherNodeTypes.contains(nodeType): .other
        default: .unknown
        }
    }

    /// PostgreSQL 15's other node types: no relation of their own read in full (Bitmap Heap Scan
    /// reads what its Bitmap Index Scan found; Function, Values, CTE, WorkTable and Named
    /// Tuplestore Scans read rows the plan made).
    static let knownOtherNodeTypes: Set<String> = [
        "Result", "ProjectSet", "ModifyTable", "Append", "Merge Append", "Recursive Union", "BitmapAnd", "BitmapOr",
        "Bitmap Heap Scan", "Subquery Scan", "Function Scan", "Table Function Scan", "Values Scan", "CTE Scan",
        "Named Tuplestore Scan", "WorkTable Scan", "Materialize", "Memoize", "Group", "Aggregate", "WindowAgg",
        "Unique", "SetOp", "LockRows", "Limit", "Hash", "Gather", "Gather Merge",
    ]

    /// Nodes that hand rows up as their input yields them, so a Limit above them stops their
    /// input early (Nested Loop and Merge Join: their outer, first input only).
    static let streamingNodeTypes: Set<String> = [
        "Result", "LockRows", "Subquery Scan", "Append", "Merge Append", "Gather", "Gather Merge", "Unique",
        "ProjectSet", "Nested Loop", "Merge Join",
    ]

    /// Parses the whole EXPLAIN output (a one-element JSON array) into a `QueryPlan`, whatever
    /// its depth: the JSON reader and the walk below use no recursion.
    public static func plan(fromExplainJSON json: String, query: String, analyzed: Bool) throws -> QueryPlan {
        guard let document = try? JSONDocument(parsing: json),
              let explain = explainObject(document),
              let root = document.member("Plan", of: explain), document.dictionary(root) != nil
        else { throw IdxScopeError(.statement, "unexpected EXPLAIN output (not a JSON plan)") }
        return QueryPlan(engine: .postgresql, query: query, nodes: nodes(document, plan: root), analyzed: analyzed,
                         planningMs: document.member("Planning Time", of: explain).flatMap(document.number),
                         executionMs: document.member("Execution Time", of: explain).flatMap(document.number), raw: .raw(json))
    }

    /// The object holding "Plan": the first element of EXPLAIN's array (or the object itself).
    public static func explainObject(_ document: JSONDocument) -> Int? {
        if let first = document.elements(of: document.root)?.first { return first }
        return document.dictionary(document.root, depth: 0) != nil ? document.root : nil
    }

    /// Flattens a "Plan" object into nodes in pre-order; ids from 1, the root's parent is 0.
    public static func nodes(_ document: JSONDocument, plan root: Int) -> [PlanNode] {
        var result: [PlanNode] = []
        // Depth-first with an explicit stack (children pushed in reverse, so pre-order).
        // `limited`: a Limit above stops this node's reading early (only streaming nodes between).
        var pending: [(node: Int, parent: Int, limited: Bool)] = [(root, 0, false)]
        while let (node, parent, limited) = pending.popLast() {
            guard let fields = document.dictionary(node, excluding: ["Plans"]) else { continue }
            let id = result.count + 1
            var planned = planNode(fields, id: id, parent: parent)
            if limited, isUnconditionalRead(fields) { planned.kind = .limitedScan }
            result.append(planned)
            let nodeType = fields["Node Type"] as? String ?? ""
            let children = document.member("Plans", of: node).flatMap(document.elements) ?? []
            var next: [(node: Int, parent: Int, limited: Bool)] = []
            for (position, child) in children.enumerated() {
                let childFields = document.dictionary(child, excluding: ["Plans"]) ?? [:]
                let passesLimit = (nodeType == "Limit" && !skipsRows(limit: fields, input: childFields))
                    || (limited && streamingNodeTypes.contains(nodeType)
                    && (position == 0 || !(nodeType == "Nested Loop" || nodeType == "Merge Join")))
                // An init plan or subplan runs on its own: the Limit above its parent does not bound it.
                let relationship = document.member("Parent Relationship", of: child).flatMap(document.string)
                next.append((child, id, passesLimit && relationship != "InitPlan" && relationship != "SubPlan"))
            }
            pending.append(contentsOf: next.reversed())
        }
        return result
    }

    /// An OFFSET reads the rows it skips before the Limit returns its first: the planner shows it
    /// as a Limit whose startup cost exceeds its input's (EXPLAIN gives no OFFSET field).
    static func skipsRows(limit: [String: Any], input: [String: Any]) -> Bool {
        guard let limitStartup = number(limit["Startup Cost"]), let inputStartup = number(input["Startup Cost"]) else { return false }
        return limitStartup > inputStartup + 0.005
    }

    /// A Seq Scan, Index Scan or Index Only Scan with neither condition nor filter: under a
    /// Limit it reads as many rows as the Limit takes.
    static func isUnconditionalRead(_ node: [String: Any]) -> Bool {
        guard let nodeType = node["Node Type"] as? String,
              ["Seq Scan", "Index Scan", "Index Only Scan"].contains(nodeType) else { return false }
        return node["Index Cond"] == nil && node["Filter"] == nil
    }

    public static func planNode(_ node: [String: Any], id: Int, parent: Int) -> PlanNode {
        let nodeType = node["Node Type"] as? String ?? "?"
        // Per loop, like "Plan Rows" and like psql: comparing an estimate per loop with a total
        // over loops invents misestimates (the loops are in the node's extra lines).
        let actualRows = number(node["Actual Rows"])
        var headline = detail(node)
        // A subplan, init plan or CTE is not an ordinary input of its parent: say which it is.
        if let subplan = node["Subplan Name"] as? String {
            headline = "[\(subplan)] " + headline
        } else if let relationship = node["Parent Relationship"] as? String, relationship == "InitPlan" || relationship == "SubPlan" {
            headline = "[\(relationship)] " + headline
        }
        return PlanNode(id: id, parent: parent, detail: headline,
                        kind: kind(nodeType: nodeType, hasIndexCondition: node["Index Cond"] != nil),
                        relation: node["Relation Name"] as? String,
                        index: node["Index Name"] as? String,
                        estimatedRows: number(node["Plan Rows"]),
                        actualRows: actualRows,
                        extra: extraLines(node), facts: facts(node))
    }

    /// The node's conditions, keys, costs and measurements, as EXPLAIN (FORMAT JSON) names them.
    public static func facts(_ node: [String: Any]) -> PlanNodeFacts {
        var facts = PlanNodeFacts()
        facts.indexCondition = node["Index Cond"] as? String
        facts.recheckCondition = node["Recheck Cond"] as? String
        facts.filter = node["Filter"] as? String
        facts.joinCondition = (node["Hash Cond"] as? String) ?? (node["Merge Cond"] as? String)
        facts.joinFilter = node["Join Filter"] as? String
        facts.tidCondition = node["TID Cond"] as? String
        facts.sortKey = node["Sort Key"] as? [String]
        facts.groupKey = node["Group Key"] as? [String]
        facts.startupCost = number(node["Startup Cost"])
        facts.totalCost = number(node["Total Cost"])
        facts.actualStartupMs = number(node["Actual Startup Time"])
        facts.actualTotalMs = number(node["Actual Total Time"])
        facts.actualLoops = number(node["Actual Loops"])
        let buffers = bufferKeys.compactMap { key, name in number(node[key]).map { (name, $0) } }
        facts.buffers = buffers.isEmpty ? nil : buffers
        return facts
    }

    static let bufferKeys = [
        ("Shared Hit Blocks", "shared_hit"), ("Shared Read Blocks", "shared_read"), ("Shared Dirtied Blocks", "shared_dirtied"),
        ("Shared Written Blocks", "shared_written"), ("Local Hit Blocks", "local_hit"), ("Local Read Blocks", "local_read"),
        ("Local Dirtied Blocks", "local_dirtied"), ("Local Written Blocks", "local_written"), ("Temp Read Blocks", "temp_read"),
        ("Temp Written Blocks", "temp_written"),
    ]

    /// The node's headline as EXPLAIN's text format writes it, e.g. "Index Scan using i on job j".
    public static func detail(_ node: [String: Any]) -> String {
        let nodeType = node["Node Type"] as? String ?? "?"
        var name: String
        switch nodeType {
        case "Aggregate":
            name = switch node["Strategy"] as? String {
            case "Hashed": "HashAggregate"
            case "Sorted": "GroupAggregate"
            case "Mixed": "MixedAggregate"
            default: "Aggregate"
            }
        case "ModifyTable":
            name = node["Operation"] as? String ?? "ModifyTable"
        case "SetOp":
            name = (node["Strategy"] as? String == "Hashed" ? "HashSetOp " : "SetOp ") + (node["Command"] as? String ?? "")
        default:
            name = nodeType
        }
        if let joinType = node["Join Type"] as? String, joinType != "Inner" {
            name += nodeType == "Nested Loop" ? " \(joinType) Join" : ""
            if nodeType == "Hash Join" || nodeType == "Merge Join" {
                name = nodeType.replacingOccurrences(of: " Join", with: " \(joinType) Join")
            }
        }
        if node["Parallel Aware"] as? Bool == true { name = "Parallel " + name }
        if node["Scan Direction"] as? String == "Backward" { name += " Backward" }
        if let index = node["Index Name"] as? String {
            name += nodeType == "Bitmap Index Scan" ? " on \(index)" : " using \(index)"
        }
        let target = (node["Relation Name"] as? String) ?? (node["CTE Name"] as? String) ?? (node["Function Name"] as? String)
        let alias = node["Alias"] as? String
        if nodeType == "ModifyTable" || node["Relation Name"] != nil || node["CTE Name"] != nil || node["Function Name"] != nil,
           let target {
            name += " on " + target
            if let alias, alias != target { name += " \(alias)" }
        } else if nodeType == "Subquery Scan", let alias {
            name += " on \(alias)"
        }
        return name
    }

    /// Conditions, filters, sort keys, buffers and timings, one short line each.
    public static func extraLines(_ node: [String: Any]) -> [String] {
        var lines: [String] = []
        for key in ["Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "Filter", "TID Cond"] {
            if let value = node[key] as? String { lines.append("\(key): \(value)") }
        }
        // psql's text format prints removed-row counters only when non-zero (JSON always has them).
        for key in ["Rows Removed by Index Recheck", "Rows Removed by Join Filter", "Rows Removed by Filter"] {
            if let value = number(node[key]), value != 0 { lines.append("\(key): \(format(value))") }
        }
        if let value = number(node["Heap Fetches"]) { lines.append("Heap Fetches: \(format(value))") }
        for key in ["Sort Key", "Presorted Key", "Group Key"] {
            if let keys = node[key] as? [String] { lines.append("\(key): \(keys.joined(separator: ", "))") }
        }
        if let method = node["Sort Method"] as? String {
            let space = number(node["Sort Space Used"]).map { " \(format($0))kB" } ?? ""
            lines.append("Sort Method: \(method)\(node["Sort Space Type"].map { " (\($0))" } ?? "")\(space)")
        }
        let buffers = [("Shared Hit Blocks", "shared hit"), ("Shared Read Blocks", "read"), ("Shared Dirtied Blocks", "dirtied"),
                       ("Shared Written Blocks", "written"), ("Temp Read Blocks", "temp read"), ("Temp Written Blocks", "temp written")]
            .compactMap { key, label in number(node[key]).flatMap { $0 > 0 ? "\(label)=\(format($0))" : nil } }
        if !buffers.isEmpty { lines.append("Buffers: " + buffers.joined(separator: " ")) }
        if let loops = number(node["Actual Loops"]) {
            if loops == 0 {
                lines.append("never executed")
            } else if let start = number(node["Actual Startup Time"]), let total = number(node["Actual Total Time"]) {
                let rows = number(node["Actual Rows"]).map(format) ?? "?"
                lines.append("actual time=\(String(format: "%.3f", start))..\(String(format: "%.3f", total)) rows=\(rows) loops=\(format(loops))")
            }
        }
        return lines
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let double as Double: double
        case let int as Int: Double(int)
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
