import Foundation

/// A JSON text read without recursion: values live in one flat array and containers hold the
/// indices of their members. PostgreSQL nests a plan node per level (thousands of levels for a
/// generated statement); Foundation's JSONSerialization refuses more than a few hundred, and a
/// nested tree of Swift values would also be freed recursively. Neither limit exists here.
public struct JSONDocument: Sendable {
    public enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        /// Indices of the elements in `values`.
        case array([Int])
        /// Members in document order; each value is an index in `values`.
        case object([Member])
    }

    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: Int
    }

    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Byte offset of the problem in the UTF-8 text.
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Every value; the whole document's value is at `root`.
    public private(set) var values: [Value] = []
    public let root = 0

    public init(parsing text: String) throws {
        var parser = Parser(bytes: Array(text.utf8))
        values = try parser.parseDocument()
    }

    public subscript(_ index: Int) -> Value { values[index] }

    /// The value of `key` in the object at `index` (of a repeated key the last, as
    /// JSONSerialization keeps; PostgreSQL never repeats one).
    public func member(_ key: String, of index: Int) -> Int? {
        guard case .object(let members) = values[index] else { return nil }
        return members.last { $0.key == key }?.value
    }

    public func elements(of index: Int) -> [Int]? {
        guard case .array(let elements) = values[index] else { return nil }
        return elements
    }

    public func string(_ index: Int) -> String? {
        guard case .string(let text) = values[index] else { return nil }
        return text
    }

    public func number(_ index: Int) -> Double? {
        guard case .number(let number) = values[index] else { return nil }
        return number
    }

    /// The object at `index` as a dictionary of Foundation-style values (String, Double, Bool,
    /// NSNull, [Any], [String: Any]) without the members named in `excluding`, nested at most
    /// `depth` levels (deeper containers are left out), so a caller can never recurse unbounded.
    public func dictionary(_ index: Int, excluding: Set<String> = [], depth: Int = 4) -> [String: Any]? {
        guard case .object(let members) = values[index] else { return nil }
        var result: [String: Any] = [:]
        for member in members where !excluding.contains(member.key) {
            if let value = foundationValue(member.value, depth: depth - 1) { result[member.key] = value }
        }
        return result
    }

    private func foundationValue(_ index: Int, depth: Int) -> Any? {
        switch values[index] {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let value): return value
        case .string(let value): return value
        case .array(let elements):
            guard depth > 0 else { return nil }
            return elements.compactMap { foundationValue($0, depth: depth - 1) }
        case .object:
            guard depth > 0 else { return nil }
            return dictionary(index, depth: depth)
        }
    }
}

/// RFC 8259, byte by byte, with an explicit stack of open containers instead of recursion.
private struct Parser {
    let bytes: [UInt8]
    var position = 0
    var values: [JSONDocument.Value] = []

    /// An open `[` or `{`: where its placeholder sits and what it has gathered so far.
    struct OpenContainer {
        var index: Int
        var isObject: Bool
        var elements: [Int] = []
        var members: [JSONDocument.Member] = []
        var pendingKey = ""
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> [JSONDocument.Value] {
        var stack: [OpenContainer] = []
        skipWhitespace()
        valueLoop: while true {
            // Read one value; a container is opened and its first member awaited instead.
            var completed: Int
            guard position < bytes.count else { throw error("unexpected end of input, a value expected") }
            switch bytes[position] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[position] == UInt8(ascii: "{")
                position += 1
                values.append(.null)  // placeholder, filled when the container closes
                stack.append(OpenContainer(index: values.count - 1, isObject: isObject))
                skipWhitespace()
                let closer = UInt8(ascii: isObject ? "}" : "]")
                if position < bytes.count, bytes[position] == closer {
                    position += 1
                    completed = close(&stack)
                } else {
                    if isObject { stack[stack.count - 1].pendingKey = try readKey() }
                    continue valueLoop
                }
            default:
                completed = try readScalar()
            }
            // Hand the finished value to its container; close every container that ends here.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    guard position == bytes.count else { throw error("unexpected text after the JSON value") }
                    return values
                }
                let top = stack.count - 1
                if stack[top].isObject {
                    stack[top].members.append(.init(key: stack[top].pendingKey, value: completed))
                } else {
                    stack[top].elements.append(completed)
                }
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of input inside a container") }
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: ",") {
                    skipWhitespace()
                    if stack[top].isObject { stack[top].pendingKey = try readKey() }
                    continue valueLoop
                }
                guard byte == UInt8(ascii: stack[top].isObject ? "}" : "]") else {
                    position -= 1
                    throw error(stack[top].isObject ? "',' or '}' expected" : "',' or ']' expected")
                }
                completed = close(&stack)
            }
        }
    }

    private mutating func close(_ stack: inout [OpenContainer]) -> Int {
        let container = stack.removeLast()
        values[container.index] = container.isObject ? .object(container.members) : .array(container.elements)
        return container.index
    }

    /// `"key"` then `:`, leaving the position at the member's value.
    private mutating func readKey() throws -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("a string key expected") }
        let key = try readString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("':' expected") }
        position += 1
        skipWhitespace()
        return key
    }

    private mutating func readScalar() throws -> Int {
        let value: JSONDocument.Value
        switch bytes[position] {
        case UInt8(ascii: "\""): value = .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try readNumber())
        default: throw error("a value expected")
        }
        values.append(value)
        return values.count - 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input in a literal") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw error("invalid literal") }
        position += count
    }

    private mutating func readNumber() throws -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("a digit expected") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a digit expected after '.'") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a digit expected in the exponent") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        // The grammar above admits only what Double's parser reads (overflow gives ±infinity).
        return Double(String(decoding: bytes[start..<position], as: UTF8.self)) ?? .nan
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func readString() throws -> String {
        position += 1  // the opening quote
        var text: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                text.append(contentsOf: bytes[runStart..<position])
                position += 1
                return String(decoding: text, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            text.append(contentsOf: bytes[runStart..<position])
            position += 1
            guard position < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try readHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                    }
                }
                // A lone surrogate becomes U+FFFD, as Foundation's decoder does.
                text.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default:
                position -= 1
                throw error("invalid escape")
            }
            runStart = position
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unterminated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func error(_ reason: String) -> JSONDocument.SyntaxError {
        JSONDocument.SyntaxError(offset: position, reason: reason)
    }
}
