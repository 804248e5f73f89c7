import CLibPQ
import Foundation

/// One libpq result, cleared on deinit. Values are read lazily in text format: a catalog of
/// 10,000 indexes stays one C buffer until a field is asked for.
final class PGResult {
    let handle: OpaquePointer
    /// Column numbers by name, read once (PQfnumber copies and case-folds the name on every call).
    private let columns: [String: Int32]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        var columns: [String: Int32] = [:]
        for number in 0..<PQnfields(handle) {
            if let name = PQfname(handle, number) { columns[String(cString: name)] = number }
        }
        self.columns = columns
    }

    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }

    /// Column number by name; a programming error (not user input) when missing.
    func column(_ name: String) -> Int32 {
        guard let number = columns[name] else { preconditionFailure("result has no column \(name)") }
        return number
    }

    func isNull(_ row: Int, _ column: Int32) -> Bool { PQgetisnull(handle, Int32(row), column) != 0 }

    func string(_ row: Int, _ column: Int32) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), column) else { return nil }
        return String(cString: value)
    }

    func string(_ row: Int, _ name: String) -> String? { string(row, column(name)) }
    func int64(_ row: Int, _ name: String) -> Int64? { string(row, name).flatMap { Int64($0) } }
    func double(_ row: Int, _ name: String) -> Double? { string(row, name).flatMap { Double($0) } }
    /// PostgreSQL's text form of a boolean is "t" or "f".
    func bool(_ row: Int, _ name: String) -> Bool? { string(row, name).map { $0 == "t" } }

    /// A json/jsonb column decoded with JSONSerialization (nil for SQL NULL or bad JSON).
    func json(_ row: Int, _ name: String) -> Any? {
        guard let text = string(row, name), let data = text.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}
