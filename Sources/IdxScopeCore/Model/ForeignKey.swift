/// A foreign key as the finding rules need it: which columns of which table point elsewhere.
public struct ForeignKey: Equatable, Sendable {
    public var schema: String
    public var table: String
    /// The constraint's name (SQLite's keys have none: a readable label stands in).
    public var name: String
    /// Referencing columns, in the key's order.
    public var columns: [String]
    /// The referenced table, as the engine names it.
    public var referencedTable: String

    public init(schema: String, table: String, name: String, columns: [String], referencedTable: String) {
        self.schema = schema
        self.table = table
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
    }
}
