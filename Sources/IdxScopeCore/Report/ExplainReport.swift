/// The `explain` command's output: JSON per DESIGN.md, or the plan as an indented tree.
public enum ExplainReport {
    public static func json(_ plan: QueryPlan) -> JSONValue {
        .object([
            ("engine", .string(plan.engine.rawValue)),
            ("query", .string(plan.query)),
            ("analyzed", .bool(plan.analyzed)),
            ("nodes", .array(plan.nodes.map { node in
                .object([
                    ("id", .int(Int64(node.id))),
                    ("parent", .int(Int64(node.parent))),
                    ("detail", .string(node.detail)),
                    ("kind", .string(node.kind.rawValue)),
                    ("relation", .optional(node.relation)),
                    ("index", .optional(node.index)),
                    ("estimated_rows", .optional(node.estimatedRows)),
                    ("actual_rows", .optional(node.actualRows)),
                ] + factFields(node.facts))
            })),
            ("full_scans", .strings(plan.fullScans)),
            ("indexes_used", .strings(plan.indexesUsed)),
            ("planning_ms", .optional(plan.planningMs)),
            ("execution_ms", .optional(plan.executionMs)),
            ("raw_plan", plan.raw),
        ])
    }

    /// Every field on every node, null where the engine gives nothing (SQLite: all of them).
    static func factFields(_ facts: PlanNodeFacts) -> [(String, JSONValue)] {
        func strings(_ values: [String]?) -> JSONValue { values.map(JSONValue.strings) ?? .null }
        return [
            ("index_condition", .optional(facts.indexCondition)),
            ("recheck_condition", .optional(facts.recheckCondition)),
            ("filter", .optional(facts.filter)),
            ("join_condition", .optional(facts.joinCondition)),
            ("join_filter", .optional(facts.joinFilter)),
            ("tid_condition", .optional(facts.tidCondition)),
            ("sort_key", strings(facts.sortKey)),
            ("group_key", strings(facts.groupKey)),
            ("startup_cost", .optional(facts.startupCost)),
            ("total_cost", .optional(facts.totalCost)),
            ("actual_startup_ms", .optional(facts.actualStartupMs)),
            ("actual_total_ms", .optional(facts.actualTotalMs)),
            ("actual_loops", .optional(facts.actualLoops)),
            ("buffers", facts.buffers.map { .object($0.map { ($0.0, JSONValue.double($0.1)) }) } ?? .null),
        ]
    }

    /// Tree lines with box-drawing connectors, shared by the CLI and the TUI's plan pane.
    public struct TreeLine: Equatable {
        public var prefix: String
        public var node: PlanNode
        /// The continuation prefix for the node's extra lines.
        public var extraPrefix: String
    }

    public static func treeLines(_ plan: QueryPlan) -> [TreeLine] {
        let ids = Set(plan.nodes.map(\.id))
        var children: [Int: [PlanNode]] = [:]
        for node in plan.nodes {
            // A parent that is missing (or the node itself) makes the node a root.
            let parent = ids.contains(node.parent) && node.parent != node.id ? node.parent : 0
            children[parent, default: []].append(node)
        }
        var lines: [TreeLine] = []
        var visited = Set<Int>()
        // Depth-first with an explicit stack: a plan thousands of levels deep must not exhaust
        // the thread's stack (the TUI draws it on a secondary thread).
        var stack: [(nodes: [PlanNode], position: Int, lead: String, isRootLevel: Bool)] = [(children[0] ?? [], 0, "", true)]
        while let frame = stack.last {
            guard frame.position < frame.nodes.count else { stack.removeLast(); continue }
            stack[stack.count - 1].position += 1
            let node = frame.nodes[frame.position]
            guard visited.insert(node.id).inserted else { continue }
            let isLast = frame.position == frame.nodes.count - 1
            let single = frame.isRootLevel && frame.nodes.count == 1
            let connector = single ? "" : (isLast ? "└─ " : "├─ ")
            let continuation = single ? "" : (isLast ? "   " : "│  ")
            let hasChildren = !(children[node.id] ?? []).isEmpty
            lines.append(TreeLine(prefix: frame.lead + connector, node: node,
                                  extraPrefix: frame.lead + continuation + (hasChildren ? "│  " : "   ")))
            stack.append((children[node.id] ?? [], 0, frame.lead + continuation, false))
        }
        return lines
    }

    /// A marker a reader can grep for: what the node costs.
    public static func marker(_ kind: PlanNodeKind) -> String {
        switch kind {
        case .fullScan: return "FULL SCAN"
        case .indexFullScan: return "FULL INDEX SCAN"
        case .unknown: return "UNKNOWN STEP"
        case .tempBTree: return "TEMP B-TREE"
        case .automaticIndex: return "AUTOMATIC INDEX"
        case .sort: return "SORT"
        case .indexSearch, .rowidLookup, .limitedScan: return "ok"
        default: return ""
        }
    }

    public static func tree(_ plan: QueryPlan) -> String {
        var out = ""
        for line in treeLines(plan) {
            var text = line.prefix + line.node.detail
            let marker = marker(line.node.kind)
            if !marker.isEmpty && marker != "ok" { text += "   ◀ " + marker }
            if let rows = rowsText(line.node) { text += "  (" + rows + ")" }
            out += text + "\n"
            for extra in line.node.extra { out += line.extraPrefix + extra + "\n" }
        }
        if plan.nodes.isEmpty { out += "(empty plan)\n" }
        var footer: [String] = []
        footer.append(plan.fullScans.isEmpty ? "full scans: none" : "full scans: " + plan.fullScans.joined(separator: ", "))
        footer.append(plan.indexesUsed.isEmpty ? "indexes used: none" : "indexes used: " + plan.indexesUsed.joined(separator: ", "))
        if let planning = plan.planningMs { footer.append("planning \(ByteFormat.formatFixed(planning, digits: 3)) ms") }
        if let execution = plan.executionMs { footer.append("execution \(ByteFormat.formatFixed(execution, digits: 3)) ms") }
        return out + "\n" + footer.joined(separator: "\n") + "\n"
    }

    public static func rowsText(_ node: PlanNode) -> String? {
        switch (node.estimatedRows, node.actualRows) {
        case (nil, nil): return nil
        case (let estimated?, nil): return "rows≈\(ByteFormat.count(estimated))"
        case (nil, let actual?): return "rows=\(ByteFormat.count(actual))"
        case (let estimated?, let actual?): return "rows≈\(ByteFormat.count(estimated)) actual=\(ByteFormat.count(actual))"
        }
    }
}
