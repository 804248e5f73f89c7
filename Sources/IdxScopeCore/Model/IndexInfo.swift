/// What the catalog says about one index: its shape, never its size or usage.
public struct IndexInfo: Equatable, Sendable {
    public enum Constraint: String, Codable, Sendable {
        case primaryKey = "primary_key"
        case unique
        case exclusion
    }

    /// One key (or INCLUDE) column: a column name or an expression's text.
    public struct Column: Equatable, Sendable {
        public var name: String
        public var isExpression: Bool
        public var descending: Bool
        public var collation: String?
        /// The operator class when not the type's default (PostgreSQL `text_pattern_ops`).
        public var opclass: String?
        /// The NULLS order where it is not the direction's default (PostgreSQL `(d NULLS FIRST)`:
        /// true; `(d DESC NULLS LAST)`: false); nil otherwise, and always on SQLite.
        public var nullsFirst: Bool?

        public init(name: String, isExpression: Bool = false, descending: Bool = false, collation: String? = nil,
                    opclass: String? = nil, nullsFirst: Bool? = nil) {
            self.name = name
            self.isExpression = isExpression
            self.descending = descending
            self.collation = collation
            self.opclass = opclass
            self.nullsFirst = nullsFirst
        }
    }

    public var schema: String
    public var table: String
    public var name: String
    public var keyColumns: [Column]
    public var includeColumns: [Column]
    public var unique: Bool
    public var primary: Bool
    public var constraint: Constraint?
    /// The WHERE predicate of a partial index.
    public var partial: String?
    public var method: String
    public var valid: Bool
    public var definition: String
    /// Foreign keys (constraint names; SQLite: labels) whose lookup the engine plans on this index
    /// (`ForeignKeyLookups`): dropping it would make a delete on the referenced table scan.
    public var servesForeignKeys: [String]
    /// Partitioned (parent) index, when the engine has them.
    public var isPartitionedParent: Bool
    public var parentIndex: String?
    /// The extension that owns the index or its table (PostgreSQL `pg_depend` deptype 'e').
    public var extensionOwner: String?

    public init(schema: String, table: String, name: String, keyColumns: [Column], includeColumns: [Column] = [],
                unique: Bool = false, primary: Bool = false, constraint: Constraint? = nil, partial: String? = nil,
                method: String = "btree", valid: Bool = true, definition: String,
                servesForeignKeys: [String] = [], isPartitionedParent: Bool = false, parentIndex: String? = nil,
                extensionOwner: String? = nil) {
        self.schema = schema
        self.table = table
        self.name = name
        self.keyColumns = keyColumns
        self.includeColumns = includeColumns
        self.unique = unique
        self.primary = primary
        self.constraint = constraint
        self.partial = partial
        self.method = method
        self.valid = valid
        self.definition = definition
        self.servesForeignKeys = servesForeignKeys
        self.isPartitionedParent = isPartitionedParent
        self.parentIndex = parentIndex
        self.extensionOwner = extensionOwner
    }

    public var id: IndexID { IndexID(schema: schema, name: name) }
    public var hasExpression: Bool { keyColumns.contains { $0.isExpression } }
}

/// An index is named uniquely by schema and name in both engines.
public struct IndexID: Hashable, Sendable, CustomStringConvertible {
    public var schema: String
    public var name: String
    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }
    public var description: String { "\(schema).\(name)" }
}
