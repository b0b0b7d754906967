extension LabelSelector {
    /// Parses the query-string form, e.g. `env=prod,tier in (web,api),!canary`.
    ///
    /// Grammar, as upstream accepts it: requirements separated by commas;
    /// each is `[!]key`, `key (=|==|!=) [value]`, `key (>|<) integer` or
    /// `key (in|notin) (v1,v2,...)`. Blanks (space, tab, CR, LF) separate
    /// tokens. `in`/`notin` are keywords only where an operator is expected,
    /// so `a=in` and `a in (in)` are fine. Empty values are allowed.
    public init(parsing selector: String) throws(SelectorError) {
        var parser = LabelSelectorParser(selector)
        self.init(requirements: try parser.parse())
    }
}

/// Tokenizes the whole input first, then descends over the tokens with
/// one token of lookahead.
struct LabelSelectorParser {
    enum Token: Equatable {
        case end, openParen, closeParen, comma, bang
        case equals, doubleEquals, notEquals, greaterThan, lessThan
        case inKeyword, notInKeyword, identifier
    }

    /// Where `in`/`notin` are keywords (after a key) and where they are
    /// just words (everywhere else).
    enum Context { case operatorPosition, valuePosition }

    private var tokens: [(token: Token, literal: String)] = []
    private var position = 0

    init(_ input: String) {
        var lexer = Lexer(bytes: Array(input.utf8))
        while true {
            let next = lexer.next()
            tokens.append(next)
            if next.token == .end { break }
        }
    }

    mutating func parse() throws(SelectorError) -> [LabelRequirement] {
        var requirements: [LabelRequirement] = []
        while true {
            let (token, literal) = peek(.valuePosition)
            switch token {
            case .identifier, .bang:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: \(error.message)")
                }
                let (after, afterLiteral) = take(.valuePosition)
                switch after {
                case .end:
                    return requirements
                case .comma:
                    let (following, followingLiteral) = peek(.valuePosition)
                    if following != .identifier && following != .bang {
                        throw SelectorError("found '\(followingLiteral)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(afterLiteral)', expected: ',' or 'end of string'")
                }
            case .end:
                return requirements
            default:
                throw SelectorError("found '\(literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelRequirement {
        var (token, literal) = take(.valuePosition)
        var negated = false
        if token == .bang {
            negated = true
            (token, literal) = take(.valuePosition)
        }
        guard token == .identifier else {
            throw SelectorError("found '\(literal)', expected: identifier")
        }
        let key = literal
        let keyErrors = LabelValidation.qualifiedNameErrors(key)
        if !keyErrors.isEmpty {
            // Upstream reports the key without a field path here.
            throw SelectorError(
                InvalidValue(
                    path: "<nil>", renderedValue: GoFormat.quote(key), detail: keyErrors.joined(separator: "; ")
                )
                .message)
        }
        // `!key` takes no operator; anything after it fails at the caller.
        if negated {
            return try LabelRequirement(key: key, operator: .doesNotExist)
        }
        let following = peek(.valuePosition).token
        if following == .end || following == .comma {
            return try LabelRequirement(key: key, operator: .exists)
        }
        let op = try parseOperator()
        let values: [String]
        switch op {
        case .in, .notIn: values = try parseValueSet()
        default: values = try parseSingleValue()
        }
        return try LabelRequirement(key: key, operator: op, values: values)
    }

    private mutating func parseOperator() throws(SelectorError) -> LabelSelectorOperator {
        let (token, literal) = take(.operatorPosition)
        switch token {
        case .inKeyword: return .in
        case .notInKeyword: return .notIn
        case .equals: return .equals
        case .doubleEquals: return .doubleEquals
        case .notEquals: return .notEquals
        case .greaterThan: return .greaterThan
        case .lessThan: return .lessThan
        default:
            throw SelectorError("found '\(literal)', expected: in, notin, =, ==, !=, gt, lt")
        }
    }

    /// `(v1,v2,...)`: returned sorted and unique. Empty entries (`()`,
    /// `(a,)`, `(,a)`, `(a,,b)`) stand for the empty value.
    private mutating func parseValueSet() throws(SelectorError) -> [String] {
        let (open, openLiteral) = take(.valuePosition)
        guard open == .openParen else {
            throw SelectorError("found '\(openLiteral)' expected: '('")
        }
        var values = Set<String>()
        let (first, firstLiteral) = peek(.valuePosition)
        switch first {
        case .closeParen:
            _ = take(.valuePosition)
            return [""]
        case .identifier, .comma:
            break
        default:
            throw SelectorError("found '\(firstLiteral)', expected: ',', ')' or identifier")
        }
        while true {
            let (token, literal) = take(.valuePosition)
            switch token {
            case .identifier:
                values.insert(literal)
                let (next, nextLiteral) = peek(.valuePosition)
                switch next {
                case .comma:
                    continue
                case .closeParen:
                    _ = take(.valuePosition)
                    return values.sorted(by: byteOrderLess)
                default:
                    throw SelectorError("found '\(nextLiteral)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty { values.insert("") }
                switch peek(.valuePosition).token {
                case .closeParen:
                    values.insert("")
                    _ = take(.valuePosition)
                    return values.sorted(by: byteOrderLess)
                case .comma:
                    _ = take(.valuePosition)
                    values.insert("")
                default:
                    break
                }
            default:
                throw SelectorError("found '\(literal)', expected: ',', or identifier")
            }
        }
    }

    /// The value after `=`, `==`, `!=`, `>` or `<`; nothing there means the
    /// empty value.
    private mutating func parseSingleValue() throws(SelectorError) -> [String] {
        let next = peek(.valuePosition).token
        if next == .end || next == .comma { return [""] }
        let (token, literal) = take(.valuePosition)
        guard token == .identifier else {
            throw SelectorError("found '\(literal)', expected: identifier")
        }
        return [literal]
    }

    private func peek(_ context: Context) -> (token: Token, literal: String) {
        adjusted(tokens[position], context)
    }

    private mutating func take(_ context: Context) -> (token: Token, literal: String) {
        let item = tokens[position]
        // The end token repeats forever, so a parser that over-reads sees
        // "end" again rather than running off the array.
        if position < tokens.count - 1 { position += 1 }
        return adjusted(item, context)
    }

    private func adjusted(_ item: (token: Token, literal: String), _ context: Context) -> (
        token: Token, literal: String
    ) {
        if context == .valuePosition && (item.token == .inKeyword || item.token == .notInKeyword) {
            return (.identifier, item.literal)
        }
        return item
    }
}
