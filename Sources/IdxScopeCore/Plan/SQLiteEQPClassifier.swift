import Foundation

/// What one SQLite `EXPLAIN QUERY PLAN` detail string says, parsed without a database.
public struct SQLiteEQPStep: Equatable, Sendable {
    public var kind: PlanNodeKind
    /// The table as the detail names it: the alias since 3.36 (`SCAN a`), else the table.
    public var name: String?
    /// The real table when the detail states it (pre-3.36 `SCAN TABLE t AS a` → `t`).
    public var table: String?
    /// The alias when the detail states it (`AS a`).
    public var alias: String?
    public var index: String?
    /// True for virtual-table scans (`VIRTUAL TABLE INDEX n:…`).
    public var isVirtualTable: Bool
    /// The name a `MATERIALIZE x` / `CO-ROUTINE x` step gives to rows it makes: a later `SCAN x`
    /// reads those rows, not a table.
    public var definesName: String?

    public init(kind: PlanNodeKind, name: String? = nil, table: String? = nil, alias: String? = nil,
                index: String? = nil, isVirtualTable: Bool = false, definesName: String? = nil) {
        self.kind = kind
        self.name = name
        self.table = table
        self.alias = alias
        self.index = index
        self.isVirtualTable = isVirtualTable
        self.definesName = definesName
    }
}

/// Classifies EQP detail strings of SQLite 3.x, both the current forms (`SCAN t`, `SEARCH a USING
/// INDEX i (x=?)`) and the pre-3.36 ones (`SCAN TABLE t AS a`, `SEARCH TABLE t USING …`).
/// `name` may still be an alias, a CTE or a subquery: the engine resolves it against its schema.
/// A detail that is none of SQLite's known forms is `unknown`, never silently "no scan".
public enum SQLiteEQPClassifier {
    public static func classify(_ detail: String) -> SQLiteEQPStep {
        let text = detail.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("USE TEMP B-TREE") || text.hasSuffix("USING TEMP B-TREE")
            || text.contains(" USING TEMP B-TREE (") {
            return SQLiteEQPStep(kind: .tempBTree)
        }
        for verb in ["SCAN ", "SEARCH "] where text.hasPrefix(verb) {
            return classifyLoop(String(text.dropFirst(verb.count)), isSearch: verb == "SEARCH ")
        }
        for verb in ["MATERIALIZE ", "CO-ROUTINE "] where text.hasPrefix(verb) {
            return SQLiteEQPStep(kind: .other, definesName: String(text.dropFirst(verb.count)))
        }
        if isStructural(text) { return SQLiteEQPStep(kind: .other) }
        return SQLiteEQPStep(kind: .unknown)
    }

    /// Steps that only group others (compounds, subqueries, OR branches) or filter rows without
    /// reading a table of their own. Each form is what SQLite 3.x prints.
    private static let structuralExact: Set<String> = [
        "COMPOUND QUERY", "LEFT-MOST SUBQUERY", "UNION ALL", "UNION", "INTERSECT", "EXCEPT", "MULTI-INDEX OR",
        "LEFT", "RIGHT", "SETUP", "RECURSIVE STEP", "DISTINCT AGGREGATE",
    ]
    private static let structuralPrefixes = [
        "SCALAR SUBQUERY ", "CORRELATED SCALAR SUBQUERY ", "LIST SUBQUERY ", "CORRELATED LIST SUBQUERY ",
        "REUSE LIST SUBQUERY ", "REUSE SUBQUERY ", "EXECUTE SCALAR SUBQUERY ", "EXECUTE LIST SUBQUERY ",
        "EXECUTE CORRELATED SCALAR SUBQUERY ", "EXECUTE CORRELATED LIST SUBQUERY ",
        "INDEX ", "MERGE (", "BLOOM FILTER ON ", "RIGHT-JOIN ", "COMPOUND SUBQUERIES ",
    ]

    private static func isStructural(_ text: String) -> Bool {
        structuralExact.contains(text) || structuralPrefixes.contains { text.hasPrefix($0) }
    }

    /// `rest` is what follows SCAN/SEARCH: `[TABLE ]name[ AS alias][ USING …| VIRTUAL TABLE …][ LEFT-JOIN]`.
    private static func classifyLoop(_ rest: String, isSearch: Bool) -> SQLiteEQPStep {
        var rest = rest
        for suffix in [" LEFT-JOIN", " RIGHT-JOIN"] where rest.hasSuffix(suffix) {
            rest.removeLast(suffix.count)
        }
        // Subqueries, constant rows (`SCAN CONSTANT ROW`, `SCAN 3 CONSTANT ROWS`): no table behind them.
        if rest == "CONSTANT ROW" || rest.hasPrefix("(subquery") || rest.hasPrefix("SUBQUERY ") || isConstantRows(rest) {
            return SQLiteEQPStep(kind: .other)
        }
        let isLegacy = rest.hasPrefix("TABLE ")
        if isLegacy { rest.removeFirst("TABLE ".count) }

        var using: String?
        var isVirtual = false
        // A name may itself hold " USING " (`"t USING x"`): split where a known method follows.
        let methods = ["INDEX ", "COVERING INDEX ", "AUTOMATIC ", "INTEGER PRIMARY KEY", "PRIMARY KEY", "ROWID"]
        var unknownMethod = false
        var from = rest.startIndex
        while let range = rest.range(of: " USING ", range: from..<rest.endIndex) {
            let method = rest[range.upperBound...]
            if methods.contains(where: { method.hasPrefix($0) }) {
                using = String(method)
                rest = String(rest[..<range.lowerBound])
                break
            }
            unknownMethod = true
            from = rest.index(after: range.lowerBound)
        }
        if using == nil, let range = rest.range(of: " VIRTUAL TABLE INDEX ") {
            isVirtual = true
            rest = String(rest[..<range.lowerBound])
        }
        rest = stripRowEstimate(rest)

        var name = rest
        var table: String?
        var alias: String?
        // Only the pre-3.36 form writes `AS alias`; a current name may hold " AS " itself.
        if isLegacy, let range = rest.range(of: " AS ", options: .backwards) {
            name = String(rest[range.upperBound...])
            alias = name
            table = String(rest[..<range.lowerBound])
        } else if isLegacy {
            table = rest
        }

        var step = SQLiteEQPStep(kind: isSearch ? .indexSearch : .fullScan, name: name, table: table, alias: alias,
                                 isVirtualTable: isVirtual)
        if isVirtual {
            step.kind = .other
            return step
        }
        // `SCAN t USING SOMETHING NEW`: a method this list does not know, or a table named so
        // (the engine decides which: `name` is the whole text).
        if using == nil, unknownMethod {
            step.kind = .unknown
            return step
        }
        // `SEARCH t` alone (`SELECT max(id) FROM t`): one seek to an end of the rowid b-tree.
        guard let using else {
            if isSearch { step.kind = .rowidLookup }
            return step
        }
        let method = stripRowEstimate(using)
        if method.hasPrefix("AUTOMATIC ") {
            step.kind = .automaticIndex
        } else if method.hasPrefix("INTEGER PRIMARY KEY") || method.hasPrefix("PRIMARY KEY")
                    || method.hasPrefix("ROWID") {
            step.kind = .rowidLookup
        } else if let indexName = indexName(in: method) {
            step.index = indexName
            step.kind = isSearch ? .indexSearch : .indexFullScan
        }
        return step
    }

    /// `[COVERING ]INDEX name[ (a=? AND b>?)]` → `name` (which may hold spaces).
    private static func indexName(in method: String) -> String? {
        var text = Substring(method)
        if text.hasPrefix("COVERING ") { text = text.dropFirst("COVERING ".count) }
        guard text.hasPrefix("INDEX ") else { return nil }
        text = text.dropFirst("INDEX ".count)
        let name = stripTrailingGroup(String(text))
        return name.isEmpty ? nil : name
    }

    /// Drops a trailing parenthesised group (`(a=?)`, `(~20 rows)`) that closes at the end.
    private static func stripTrailingGroup(_ text: String) -> String {
        guard text.hasSuffix(")") else { return text }
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 {
                    let before = text[..<index]
                    guard before.hasSuffix(" ") else { return text }
                    return String(before.dropLast())
                }
            default: break
            }
        }
        return text
    }

    private static func isConstantRows(_ text: String) -> Bool {
        guard text.hasSuffix(" CONSTANT ROWS") else { return false }
        return text.dropLast(" CONSTANT ROWS".count).allSatisfy(\.isNumber)
    }

    /// Pre-3.8 details end in `(~N rows)`.
    private static func stripRowEstimate(_ text: String) -> String {
        guard let range = text.range(of: " (~", options: .backwards), text.hasSuffix(" rows)") else { return text }
        return String(text[..<range.lowerBound])
    }
}
