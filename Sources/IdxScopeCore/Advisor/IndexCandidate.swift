/// One key of a candidate index: a column name or an expression over columns (`lower(email)`).
public struct CandidateKey: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var isExpression: Bool

    public init(_ text: String, isExpression: Bool = false) {
        self.text = text
        self.isExpression = isExpression
    }

    public static func column(_ name: String) -> CandidateKey { CandidateKey(name) }
    public static func expression(_ text: String) -> CandidateKey { CandidateKey(text, isExpression: true) }

    /// Compared case-insensitively and without blanks (`lower( email )` is `LOWER(email)`).
    var signature: String {
        text.lowercased().filter { !$0.isWhitespace && $0 != "\"" }
    }

    public var description: String { text }

    /// As written in CREATE INDEX: a column quoted when needed, an expression in parentheses.
    public var sqlText: String { isExpression ? "(\(text))" : SQLIdentifier.quote(text) }
}

/// An index the advisor may propose: a btree on one table with up to three keys.
public struct IndexCandidate: Hashable, Sendable, CustomStringConvertible {
    public static let maximumKeys = 3

    public var schema: String
    public var table: String
    public var keys: [CandidateKey]
    /// The name it is proposed under when `suggestedName` is taken (set by the advisor).
    public var name: String?

    public init(schema: String, table: String, keys: [CandidateKey], name: String? = nil) {
        self.schema = schema
        self.table = table
        self.keys = keys
        self.name = name
    }

    /// The name shown in plans and CREATE INDEX.
    public var indexName: String { name ?? suggestedName }

    public var description: String { "\(table)(\(keys.map(\.text).joined(separator: ", ")))" }

    /// Same table and the same keys in the same order.
    public func sameKeys(as other: IndexCandidate) -> Bool {
        schema.lowercased() == other.schema.lowercased() && table.lowercased() == other.table.lowercased()
            && keys.map(\.signature) == other.keys.map(\.signature)
    }

    /// True when these keys lead `keys` (a duplicate counts): the wider index serves every lookup
    /// this one would.
    public func isLeftPrefix(ofKeys other: [CandidateKey]) -> Bool {
        keys.count <= other.count && zip(keys, other).allSatisfy { $0.signature == $1.signature }
    }

    /// True when an existing valid, full (non-partial) btree index of the same table already leads
    /// with these keys.
    public func isCovered(by info: IndexInfo) -> Bool {
        guard info.valid, info.method == "btree", info.partial == nil,
              info.schema.lowercased() == schema.lowercased(), info.table.lowercased() == table.lowercased() else { return false }
        // A key with its own collation serves other comparisons than the plain column's.
        return isLeftPrefix(ofKeys: info.keyColumns.map { column in
            let collated = column.collation.map { ["binary", "default"].contains($0.lowercased()) ? "" : " COLLATE \($0)" } ?? ""
            return CandidateKey(column.name + collated, isExpression: column.isExpression)
        })
    }

    /// True when `other` (on the same table) leads with these keys.
    public func isCovered(by other: IndexCandidate) -> Bool {
        schema.lowercased() == other.schema.lowercased() && table.lowercased() == other.table.lowercased()
            && isLeftPrefix(ofKeys: other.keys)
    }

    /// A readable name: `comments_experiment_id_created_at_idx`, at most 63 bytes (PostgreSQL's limit).
    public var suggestedName: String {
        let words = [table] + keys.map { key in
            key.text.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
                .split(separator: "_").joined(separator: "_")
        } + ["idx"]
        var name = words.joined(separator: "_")
        while name.utf8.count > 63 { name.removeLast() }
        return name
    }

    /// The CREATE INDEX statement to show (`CONCURRENTLY` on PostgreSQL, which does not lock writes).
    public func createSQL(engine: Engine, name: String? = nil) -> String {
        let table = SQLIdentifier.qualified(schema: schema, name: self.table, engine: engine)
        let keyList = keys.map(\.sqlText).joined(separator: ", ")
        let index = SQLIdentifier.quote(name ?? indexName)
        switch engine {
        case .sqlite: return "CREATE INDEX \(index) ON \(table) (\(keyList));"
        case .postgresql: return "CREATE INDEX CONCURRENTLY \(index) ON \(table) (\(keyList));"
        }
    }
}

/// What one statement asks of one table: the keys it compares for equality (including join
/// keys and IN lists), the keys it compares by range, and the keys it sorts or groups by.
public struct ColumnUsage: Equatable, Sendable {
    public var schema: String
    public var table: String
    public var equality: [CandidateKey]
    public var range: [CandidateKey]
    public var sort: [CandidateKey]

    public init(schema: String, table: String, equality: [CandidateKey] = [], range: [CandidateKey] = [], sort: [CandidateKey] = []) {
        self.schema = schema
        self.table = table
        self.equality = equality
        self.range = range
        self.sort = sort
    }

    /// Adds a key once (the first mention decides its place).
    public mutating func add(_ key: CandidateKey, to list: WritableKeyPath<ColumnUsage, [CandidateKey]>) {
        if !self[keyPath: list].contains(where: { $0.signature == key.signature }) { self[keyPath: list].append(key) }
    }
}

/// Candidates as SQLite's `.expert` builds them: equality keys first, then one range key, then
/// the sort keys; at most three keys. Pure.
public enum CandidateBuilder {
    public static func candidates(for usage: ColumnUsage) -> [IndexCandidate] {
        let equality = Array(usage.equality.prefix(IndexCandidate.maximumKeys))
        let equalitySignatures = Set(equality.map(\.signature))
        let ranges = usage.range.filter { !equalitySignatures.contains($0.signature) }
        let sorts = usage.sort.filter { !equalitySignatures.contains($0.signature) }
        var shapes: [[CandidateKey]] = []
        if !equality.isEmpty { shapes.append(equality) }
        for range in ranges { shapes.append(equality + [range]) }
        if !sorts.isEmpty { shapes.append(equality + sorts) }
        // Each equality key alone: a join key or the one selective column may be all a plan needs.
        if equality.count > 1 { for key in equality { shapes.append([key]) } }
        var seen = Set<[String]>()
        return shapes.compactMap { keys in
            let trimmed = Array(keys.prefix(IndexCandidate.maximumKeys))
            guard !trimmed.isEmpty, seen.insert(trimmed.map(\.signature)).inserted else { return nil }
            return IndexCandidate(schema: usage.schema, table: usage.table, keys: trimmed)
        }
    }

    /// Every usage's candidates, each distinct candidate once, in first-seen order, without those
    /// an existing index already leads with.
    public static func candidates(for usages: [ColumnUsage], existing: [IndexInfo]) -> [IndexCandidate] {
        var result: [IndexCandidate] = []
        for candidate in usages.flatMap(candidates(for:)) where !result.contains(where: { $0.sameKeys(as: candidate) }) {
            if existing.contains(where: { candidate.isCovered(by: $0) }) { continue }
            result.append(candidate)
        }
        return result
    }
}
