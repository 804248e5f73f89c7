import Foundation

/// Maps PostgreSQL's `EXPLAIN (FORMAT JSON)` output to the engine-neutral plan tree. Pure: no
/// database, so it is tested on real JSON samples.
public enum PostgresPlanClassifier {
    /// The kind of one plan node from its "Node Type" and whether it has an "Index Cond".
    public static func kind(nodeType: String, hasIndexCondition: Bool) -> PlanNodeKind {
        switch nodeType {
        case "Seq Scan": .fullScan
        case "Index Scan", "Index Only Scan": hasIndexCondition ? .indexSearch : .indexFullScan
        case "Bitmap Index Scan": .indexSearch
        case "Tid Scan", "Tid Range Scan": .rowidLookup
        case "Sort", "Incremental Sort": .sort
        case "Nested Loop", "Hash Join", "Merge Join": .join
        default: .other
        }
    }

    /// Parses the whole EXPLAIN output (a one-element JSON array) into a `QueryPlan`, whatever
    /// its depth: the JSON reader and the walk below use no recursion.
    public static func plan(fromExplainJSON json: String, query: String, analyzed: Bool) throws -> QueryPlan {
        guard let document = try? JSONDocument(parsing: json),
              let explain = explainObject(document),
              let root = document.member("Plan", of: explain), document.dictionary(root) != nil
        else { throw IdxScopeError(.statement, "unexpected EXPLAIN output (not a JSON plan)") }
        return QueryPlan(engine: .postgresql, query: query, nodes: nodes(document, plan: root), analyzed: analyzed,
                         planningMs: document.member("Planning Time", of: explain).flatMap(document.number),
                         executionMs: document.member("Execution Time", of: explain).flatMap(document.number))
    }

    /// The object holding "Plan": the first element of EXPLAIN's array (or the object itself).
    public static func explainObject(_ document: JSONDocument) -> Int? {
        if let first = document.elements(of: document.root)?.first { return first }
        return document.dictionary(document.root, depth: 0) != nil ? document.root : nil
    }

    /// Flattens a "Plan" object into nodes in pre-order; ids from 1, the root's parent is 0.
    public static func nodes(_ document: JSONDocument, plan root: Int) -> [PlanNode] {
        var result: [PlanNode] = []
        var pending: [(node: Int, parent: Int)] = [(root, 0)]  // a stack: children pushed in reverse
        while let (node, parent) = pending.popLast() {
            guard let fields = document.dictionary(node, excluding: ["Plans"]) else { continue }
            let id = result.count + 1
            result.append(planNode(fields, id: id, parent: parent))
            let children = document.member("Plans", of: node).flatMap(document.elements) ?? []
            pending.append(contentsOf: children.reversed().map { ($0, id) })
        }
        return result
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
                        extra: extraLines(node))
    }

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
        for key in ["Rows Removed by Index Recheck", "Rows Removed by Join Filter", "Rows Removed by Filter", "Heap Fetches"] {
            if let value = number(node[key]) { lines.append("\(key): \(format(value))") }
        }
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
