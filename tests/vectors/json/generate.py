#!/usr/bin/env python3
"""Writes the shared JSON test vectors that every language's suite runs.

The one generator of tests/vectors/json (deterministic, standard library
only). Run from anywhere: `python3 tests/vectors/json/generate.py`; it
rewrites everything next to it except itself and README.md (which
describes the formats in detail). With `--check` it writes nothing and
fails when the committed vectors differ from what it would write.

  manifest.tsv, valid/, invalid/   documents to accept (with their canonical
                                   compact serialization) and to reject
                                   (with the error kind and byte offset)
  options.tsv, options/            serializer option vectors: an input, an
                                   option set, the expected text
  errors.tsv, errors/              error vectors: an input, the error kind,
                                   byte offset, line, column and message

Expected texts are computed here by CPython's own `json` module, an oracle
independent of brownfield. Error kinds, offsets and messages are
brownfield's documented contract (crates/brownfield/src/error.rs and the
precise parser); lines and columns are derived here from the offsets
(1-based; columns counted in characters). Inputs are raw bytes, so invalid
UTF-8 and NUL bytes survive exactly.
"""
import json
import pathlib
import shutil
import sys
import tempfile

sys.setrecursionlimit(20000)

HERE = pathlib.Path(__file__).resolve().parent

# ---- valid documents -------------------------------------------------------
VALID = {
    # literals and scalars at top level
    "lit_true": b"true", "lit_false": b"false", "lit_null": b"null",
    "ws_around": b" \t\r\n 1 \n\t", "scalar_string": b'"hello"',
    "empty_string": b'""', "empty_array": b"[]", "empty_object": b"{}",
    "ws_in_empty_array": b"[ \n ]", "ws_in_empty_object": b"{ \t }",
    # integers
    "int_zero": b"0", "int_neg_zero": b"-0", "int_one": b"1", "int_neg": b"-42",
    "int_i64_max": b"9223372036854775807", "int_i64_min": b"-9223372036854775808",
    "int_i64_max_plus1": b"9223372036854775808", "int_u64_max": b"18446744073709551615",
    "int_u64_max_plus1": b"18446744073709551616", "int_i64_min_minus1": b"-9223372036854775809",
    "int_big_30": b"123456789012345678901234567890",
    "int_big_neg_40": b"-1234567890123456789012345678901234567890",
    "int_big_100": b"1" + b"0" * 99,
    "int_in_array": b"[1,-1,0,10,-10]",
    # floats
    "float_simple": b"1.5", "float_neg": b"-0.25", "float_neg_zero": b"-0.0",
    "float_zero_exp": b"0e0", "float_exp": b"1e10", "float_exp_upper": b"1E10",
    "float_exp_plus": b"1e+2", "float_exp_minus": b"1e-2", "float_frac_exp": b"1.25e3",
    "float_tiny": b"5e-324", "float_subnormal": b"2.2250738585072011e-308",
    "float_max": b"1.7976931348623157e308", "float_min_normal": b"2.2250738585072014e-308",
    "float_pi": b"3.141592653589793", "float_third": b"0.3333333333333333",
    "float_round_even": b"9007199254740993.0", "float_many_digits": b"0.1000000000000000055511151231257827",
    "float_1e16": b"1e16", "float_1e15": b"1e15", "float_1e-5": b"1e-5", "float_1e-4": b"0.0001",
    "float_big_mantissa": b"123456789012345678901234567890.5",
    "float_exp_leading_zeros": b"1e007", "float_point_zero": b"100.0",
    "float_underflow": b"1e-400", "float_neg_underflow": b"-1e-400",
    "float_array": b"[0.1,0.2,0.30000000000000004,1e-7,-1.5e300]",
    # strings and escapes
    "str_escapes_all": b'"\\" \\\\ \\/ \\b \\f \\n \\r \\t"',
    "str_u_ascii": b'"\\u0041\\u0062"', "str_u_nul": b'"a\\u0000b"',
    "str_u_control": b'"\\u001f\\u0001"', "str_u_del": b'"\\u007f"',
    "str_u_latin": b'"\\u00e9"', "str_u_upper_hex": b'"\\u00E9\\u00C9"',
    "str_u_bmp": b'"\\u20ac\\uffff"', "str_u_surrogate_pair": b'"\\ud83d\\ude00"',
    "str_u_surrogate_upper": b'"\\uD834\\uDD1E"', "str_u_2028": b'"\\u2028\\u2029"',
    "str_utf8_2byte": "\"é ñ ü\"".encode(), "str_utf8_3byte": "\"€ 中文 日本語\"".encode(),
    "str_utf8_4byte": "\"😀 𝄞 🏳️‍🌈\"".encode(), "str_raw_del": b'"\x7f"',
    "str_raw_2028": "\"\u2028\"".encode(), "str_slash_raw": b'"a/b"',
    "str_mixed_escapes": b'"line1\\nline2\\ttab \\"q\\" \\u00e9 \xc3\xa9"',
    "str_long": b'"' + b"abcdefghij" * 1000 + b'"',
    "str_long_escapes": b'"' + b"\\n\\u00e9" * 500 + b'"',
    "str_only_escape": b'"\\\\"', "str_bom_inside": b'"\xef\xbb\xbf"',
    "str_noncharacter": "\"\ufdd0\ufffe\"".encode("utf-8", "surrogatepass"),
    "str_max_codepoint": "\"\U0010ffff\"".encode(), "str_u_max": b'"\\udbff\\udfff"',
    # arrays
    "arr_nested": b"[[[]]]", "arr_mixed": b'[1,"a",true,false,null,{},[],1.5]',
    "arr_ws": b"[ 1 , 2 , 3 ]", "arr_newlines": b"[\n1,\n2\n]",
    "arr_deep_100": b"[" * 100 + b"]" * 100, "arr_deep_1000": b"[" * 1000 + b"]" * 1000,
    "arr_1024_deep": b"[" * 1024 + b"]" * 1024,
    "arr_of_objects": b'[{"a":1},{"b":2},{}]', "arr_large": b"[" + b",".join(b"%d" % i for i in range(5000)) + b"]",
    # objects
    "obj_simple": b'{"a":1}', "obj_multi": b'{"a":1,"b":[1,2],"c":{"d":null}}',
    "obj_ws": b'{ "a" : 1 , "b" : 2 }', "obj_empty_key": b'{"":0}',
    "obj_escaped_key": b'{"\\u00e9\\n":1}', "obj_unicode_key": '{"ключ":"значение"}'.encode(),
    "obj_duplicate_keys": b'{"a":1,"a":2}', "obj_duplicate_nested": b'{"a":{"x":1},"b":2,"a":{"y":2}}',
    "obj_nested_deep": b'{"a":' * 50 + b"1" + b"}" * 50, "obj_key_order": b'{"z":1,"a":2,"m":3}',
    "obj_many_keys": b"{" + b",".join(b'"k%d":%d' % (i, i) for i in range(2000)) + b"}",
    "obj_numeric_keys": b'{"1":1,"2":2}', "obj_values_all_types": b'{"s":"x","n":1,"f":1.5,"t":true,"F":false,"z":null,"a":[],"o":{}}',
    # real-world shaped
    "rw_tweet": b'{"id":1136140133233238016,"text":"RT @user: hello \\ud83d\\ude00","entities":{"urls":[]},"retweet_count":12,"favorited":false,"geo":null}',
    "rw_geo": b'{"type":"Point","coordinates":[-65.613616999999977,43.420273000000009]}',
}

# ---- invalid documents: (input, kind, byte offset) --------------------------
INVALID = {
    "empty": (b"", "empty_input", 0),
    "only_ws": (b" \n\t ", "empty_input", 4),
    "trailing_comma_array": (b"[1,]", "expected_value", 3),
    "trailing_comma_object": (b'{"a":1,}', "expected_key", 7),
    "leading_comma": (b"[,1]", "expected_value", 1),
    "double_comma": (b"[1,,2]", "expected_value", 3),
    "missing_comma_array": (b"[1 2]", "expected_array_comma_or_end", 3),
    "missing_comma_object": (b'{"a":1 "b":2}', "expected_object_comma_or_end", 7),
    "missing_colon": (b'{"a" 1}', "expected_colon", 5),
    "colon_in_array": (b"[1:2]", "expected_array_comma_or_end", 2),
    "comma_instead_of_colon": (b'{"a",1}', "expected_colon", 4),
    "unquoted_key": (b"{a:1}", "expected_key", 1),
    "single_quoted_key": (b"{'a':1}", "expected_key", 1),
    "number_key": (b"{1:1}", "expected_key", 1),
    "single_quoted_string": (b"'a'", "expected_value", 0),
    "mismatched_close_array": (b"[1}", "expected_array_comma_or_end", 2),
    "mismatched_close_object": (b'{"a":1]', "expected_object_comma_or_end", 6),
    "unclosed_array": (b"[1,2", "unexpected_eof", 4),
    "unclosed_array_empty": (b"[", "unexpected_eof", 1),
    "unclosed_object": (b'{"a":1', "unexpected_eof", 6),
    "unclosed_object_empty": (b"{", "unexpected_eof", 1),
    "unclosed_object_after_key": (b'{"a"', "unexpected_eof", 4),
    "unclosed_object_after_colon": (b'{"a":', "unexpected_eof", 5),
    "unclosed_nested": (b"[[[", "unexpected_eof", 3),
    "extra_close": (b"[1]]", "trailing_characters", 3),
    "two_values": (b"1 2", "trailing_characters", 2),
    "trailing_garbage": (b"[1] x", "trailing_characters", 4),
    "trailing_nul": (b"1\x00", "trailing_characters", 1),
    "leading_nul": (b"\x001", "expected_value", 0),
    "trailing_comma_top": (b"1,", "trailing_characters", 1),
    # numbers
    "num_leading_zero": (b"01", "invalid_number", 0),
    "num_neg_leading_zero": (b"-01", "invalid_number", 0),
    "num_leading_plus": (b"+1", "expected_value", 0),
    "num_leading_dot": (b".5", "expected_value", 0),
    "num_trailing_dot": (b"1.", "unexpected_eof", 2),
    "num_trailing_dot_array": (b"[1.]", "invalid_number", 3),
    "num_dot_exp": (b"1.e5", "invalid_number", 2),
    "num_lone_minus": (b"-", "unexpected_eof", 1),
    "num_minus_space": (b"- 1", "invalid_number", 1),
    "num_minus_letter": (b"-a", "invalid_number", 1),
    "num_exp_no_digits": (b"1e", "unexpected_eof", 2),
    "num_exp_sign_no_digits": (b"[1e+]", "invalid_number", 4),
    "num_double_exp": (b"1e5e5", "trailing_characters", 3),
    "num_hex": (b"0x10", "trailing_characters", 1),
    "num_double_dot": (b"1.2.3", "trailing_characters", 3),
    "num_nan": (b"NaN", "expected_value", 0),
    "num_infinity": (b"Infinity", "expected_value", 0),
    "num_neg_infinity": (b"-Infinity", "invalid_number", 1),
    "num_in_array_bad": (b"[1,01]", "invalid_number", 3),
    # literals
    "lit_truncated_true": (b"tru", "unexpected_eof", 0),
    "lit_truncated_null_array": (b"[nul", "unexpected_eof", 1),
    "lit_bad_true": (b"trUe", "invalid_literal", 0),
    "lit_bad_false": (b"fals", "unexpected_eof", 0),
    "lit_bad_null": (b"nulL", "invalid_literal", 0),
    "lit_capital": (b"True", "expected_value", 0),
    "lit_true_suffix": (b"truex", "trailing_characters", 4),
    "lit_undefined": (b"undefined", "expected_value", 0),
    # strings
    "str_unterminated": (b'"abc', "unexpected_eof", 0),
    "str_unterminated_in_array": (b'["abc', "unexpected_eof", 1),
    "str_unterminated_escape": (b'"abc\\', "unexpected_eof", 4),
    "str_bad_escape_x": (b'"\\x41"', "invalid_escape", 1),
    "str_bad_escape_a": (b'"a\\a"', "invalid_escape", 2),
    "str_bad_escape_upper_u": (b'"\\U0041"', "invalid_escape", 1),
    "str_bad_escape_single_quote": (b'"\\\'"', "invalid_escape", 1),
    "str_bad_u_hex": (b'"\\u12G4"', "invalid_escape", 1),
    "str_short_u": (b'"\\u12"', "invalid_escape", 1),
    "str_truncated_u": (b'"\\u12', "unexpected_eof", 1),
    "str_lone_high_surrogate": (b'"\\ud800"', "invalid_unicode_escape", 1),
    "str_lone_low_surrogate": (b'"\\udc00"', "invalid_unicode_escape", 1),
    "str_high_then_char": (b'"\\ud800x"', "invalid_unicode_escape", 1),
    "str_high_then_high": (b'"\\ud800\\ud800"', "invalid_unicode_escape", 1),
    "str_high_then_escape": (b'"\\ud800\\n"', "invalid_unicode_escape", 1),
    "str_raw_newline": (b'"a\nb"', "control_character_in_string", 2),
    "str_raw_tab": (b'"a\tb"', "control_character_in_string", 2),
    "str_raw_nul": (b'"a\x00b"', "control_character_in_string", 2),
    "str_raw_control_1f": (b'"\x1f"', "control_character_in_string", 1),
    "str_raw_cr_key": (b'{"a\rb":1}', "control_character_in_string", 3),
    # UTF-8
    "utf8_lone_continuation": (b'"\x80"', "invalid_utf8", 1),
    "utf8_invalid_ff": (b'"\xff"', "invalid_utf8", 1),
    "utf8_truncated_2byte": (b'"\xc3"', "invalid_utf8", 1),
    "utf8_truncated_3byte": (b'"\xe2\x82"', "invalid_utf8", 1),
    "utf8_overlong_slash": (b'"\xc0\xaf"', "invalid_utf8", 1),
    "utf8_overlong_3byte": (b'"\xe0\x80\xaf"', "invalid_utf8", 1),
    "utf8_surrogate_encoded": (b'"\xed\xa0\x80"', "invalid_utf8", 1),
    "utf8_above_max": (b'"\xf4\x90\x80\x80"', "invalid_utf8", 1),
    "utf8_latin1_text": (b'["caf\xe9"]', "invalid_utf8", 5),
    "utf8_outside_string": (b"[1]\xff", "invalid_utf8", 3),
    "utf8_in_key": (b'{"\xfe":1}', "invalid_utf8", 2),
    "utf8_bom": (b"\xef\xbb\xbf[1]", "expected_value", 0),
    "utf16_le_bom": (b"\xff\xfe[\x001\x00]\x00", "invalid_utf8", 0),
    # structure and misc
    "comment_line": (b"[1] // c", "trailing_characters", 4),
    "comment_block": (b"/* c */ [1]", "expected_value", 0),
    "array_in_key": (b'{[1]:1}', "expected_key", 1),
    "object_no_value": (b'{"a":}', "expected_value", 5),
    "nested_unclosed_mixed": (b'{"a":[1,{"b":2]}', "expected_object_comma_or_end", 14),
    "close_only_array": (b"]", "expected_value", 0),
    "close_only_object": (b"}", "expected_value", 0),
    "ws_formfeed": (b"\x0c1", "expected_value", 0),
    "ws_vertical_tab": (b"[\x0b1]", "expected_value", 1),
    "ws_nbsp": (b"\xc2\xa01", "expected_value", 0),
    "deep_1025_arrays": (b"[" * 1025 + b"]" * 1025, "nesting_too_deep", 1024),
    "deep_100000_arrays": (b"[" * 100000, "nesting_too_deep", 1024),
    "deep_20000_objects": (b'{"a":' * 20000, "nesting_too_deep", 5 * 1024),
    "deep_100000_closed": (b"[" * 100000 + b"]" * 100000, "nesting_too_deep", 1024),
    "deep_mixed_1025": (b'[{"a":' * 513, "nesting_too_deep", 6 * 512),
    "truncated_tweet": (VALID["rw_tweet"][:60], "unexpected_eof", 56),
}

# ---- option vectors ----------------------------------------------------------
# Every input below is serialized under every option set in SPECS; the
# expected text is what `json.dumps(json.loads(input), **kwargs)` writes.

# Inputs: a path of a valid/ vector, or bytes written to options/inputs/.
OPTION_INPUTS = {
    "obj_key_order": "valid/obj_key_order.json",
    "obj_multi": "valid/obj_multi.json",
    "arr_mixed": "valid/arr_mixed.json",
    "obj_duplicate_nested": "valid/obj_duplicate_nested.json",
    "str_escapes_all": "valid/str_escapes_all.json",
    "obj_unicode_key": "valid/obj_unicode_key.json",
    "empty_object": "valid/empty_object.json",
    "scalar_string": "valid/scalar_string.json",
    "nested_empty": b'{"a":[],"b":{},"c":[{}],"d":[[],[[]]],"e":{"f":{"g":[]}}}',
    "unicode_mix": ('{"é":"ü € 😀 \\u2028 \\u001f \\"q\\" \\\\ /","ключ":["中文","\\ud83d\\ude00",'
                    '"\\u00e9"],"tab\\tkey":"line\\nbreak"}').encode(),
    "del_char": b'{"del":"a\x7fb","esc":"\\u007f"}',
    "numbers": (b'{"int":-42,"big":123456789012345678901234567890,"neg_big":-98765432109876543210,'
                b'"u64":18446744073709551615,"float":0.1,"exp":1e16,"tiny":5e-324,'
                b'"neg_zero":-0.0,"third":0.3333333333333333,"e_minus":1e-7}'),
    "nonfinite": b"[1e400,-1e400,0]",
    "sort_unicode_keys": ('{"b":{"z":1,"y":[{"d":1,"c":2}]},"a":0,"B":1,"é":2,"_":3,"":4,'
                          '"😀":5,"\uffff":6}').encode(),
    "duplicate_keys_sorted": b'{"b":1,"a":1,"b":2,"a":{"y":1,"x":2,"y":3}}',
}

# Option sets. Every spec names all five options, in this order:
#   indent=none|N|"json string"   separators=compact|spaced|pretty
#   sort_keys=true|false   ensure_ascii=true|false   allow_nan=true|false
# separators: compact (",", ":"), spaced (", ", ": "), pretty (",", ": ").
SEPARATORS = {"compact": (",", ":"), "spaced": (", ", ": "), "pretty": (",", ": ")}
SPECS = {
    "compact": ("none", "compact", False, False, False),
    "compact_ascii": ("none", "compact", False, True, False),
    "compact_sorted": ("none", "compact", True, False, False),
    "python_default": ("none", "spaced", False, True, True),
    "spaced_sorted_utf8": ("none", "spaced", True, False, False),
    "indent0": (0, "pretty", False, False, False),
    "indent2": (2, "pretty", False, False, False),
    "indent2_sorted_ascii": (2, "pretty", True, True, False),
    "indent4_python": (4, "pretty", False, True, True),
    "indent_tab": ("\t", "pretty", False, False, False),
    "indent2_compact_separators": (2, "compact", False, False, False),
}


def spec_text(spec) -> str:
    """The manifest form of an option set (see SPECS)."""
    indent, separators, sort_keys, ensure_ascii, allow_nan = spec
    if isinstance(indent, str) and indent != "none":
        indent = json.dumps(indent)

    def flag(b):
        return "true" if b else "false"

    return (f"indent={indent} separators={separators} sort_keys={flag(sort_keys)} "
            f"ensure_ascii={flag(ensure_ascii)} allow_nan={flag(allow_nan)}")


def spec_kwargs(spec) -> dict:
    """The `json.dumps` keyword arguments of an option set."""
    indent, separators, sort_keys, ensure_ascii, allow_nan = spec
    return {"indent": None if indent == "none" else indent,
            "separators": SEPARATORS[separators], "sort_keys": sort_keys,
            "ensure_ascii": ensure_ascii, "allow_nan": allow_nan}


# ---- error vectors -----------------------------------------------------------
# (before, after, kind, message): the input is before + after and the error
# is at byte offset len(before). Most put lines and non-ASCII characters
# before the error, so line, column (in characters) and byte offset differ.
# One vector per message the parser can give, so every kind is covered.
_E = '["é",\n '.encode()  # a common prefix: line 2, after a 2-byte character
ERRORS = {
    "empty_input_lines": (b" \n\t\r\n  ", b"", "empty_input",
                          "expected a JSON value, found end of input"),
    "trailing_after_object": ('{"é": "ü"}\n\n  '.encode(), b"x", "trailing_characters",
                              "unexpected data after the JSON value"),
    "eof_after_member": ('{\n  "ключ": 1'.encode(), b"", "unexpected_eof",
                         "expected ',' or '}' after an object member, found end of input"),
    "eof_after_element": ('[\n  "é",\n  "ß"'.encode(), b"", "unexpected_eof",
                          "expected ',' or ']' after an array element, found end of input"),
    "missing_comma_array": ('[\n  "日本",\n  "語" '.encode(), b'"x"]',
                            "expected_array_comma_or_end",
                            "expected ',' or ']' after an array element"),
    "missing_comma_object": ('{\n  "ä": "ö"\n  '.encode(), b'"b": 2}',
                             "expected_object_comma_or_end",
                             "expected ',' or '}' after an object member"),
    "astral_columns": ('{"😀": "𝄞",\n "🏳️‍🌈": 1 '.encode(), b'"x": 2}',
                       "expected_object_comma_or_end",
                       "expected ',' or '}' after an object member"),
    "eof_expecting_value": ('{\n  "é":\n'.encode(), b"", "unexpected_eof",
                            "expected a JSON value, found end of input"),
    "expected_value_plus": ('[\n  "é",\n  '.encode(), b"+1]", "expected_value",
                            "expected a JSON value"),
    "expected_value_crlf": ('[1,\r\n  "é",\r\n  '.encode(), b"}", "expected_value",
                            "expected a JSON value"),
    "expected_key_quote": ('{"é": 1,\n  '.encode(), b"'k': 2}", "expected_key",
                           "expected an object key in double quotes"),
    "eof_expecting_key": ('{"é": 1,\n  '.encode(), b"", "unexpected_eof",
                          "expected an object key in double quotes, found end of input"),
    "expected_colon": ('{\n  "ä" '.encode(), b"1}", "expected_colon",
                       "expected ':' after an object key"),
    "eof_expecting_colon": ('{\n  "ä"'.encode(), b"", "unexpected_eof",
                            "expected ':' after an object key, found end of input"),
    "truncated_literal": (_E, b"fals", "unexpected_eof", "truncated literal at end of input"),
    "invalid_literal_true": (_E, b"trUe]", "invalid_literal", "invalid literal, expected 'true'"),
    "invalid_literal_false": (_E, b"falsy]", "invalid_literal",
                              "invalid literal, expected 'false'"),
    "invalid_literal_null": (_E, b"nul]", "invalid_literal", "invalid literal, expected 'null'"),
    "leading_zero": ('{"π":\n  '.encode(), b"012}", "invalid_number",
                     "leading zeros are not allowed in numbers"),
    "minus_at_eof": (_E + b"-", b"", "unexpected_eof",
                     "expected a digit after '-', found end of input"),
    "minus_letter": (_E + b"-", b"x]", "invalid_number", "expected a digit after '-'"),
    "fraction_no_digit": (_E + b"1.", b"x]", "invalid_number",
                          "expected a digit after the decimal point"),
    "fraction_at_eof": (_E + b"1.", b"", "unexpected_eof",
                        "expected a digit after the decimal point, found end of input"),
    "exponent_no_digit": (_E + b"1e+", b"]", "invalid_number", "expected a digit in the exponent"),
    "exponent_at_eof": (_E + b"1E", b"", "unexpected_eof",
                        "expected a digit in the exponent, found end of input"),
    "unterminated_string": ('{"é":\n '.encode(), b'"abc', "unexpected_eof",
                            "unterminated string starting here"),
    "control_character": (_E + b'"a', b'\tb"]', "control_character_in_string",
                          "invalid control character in string (escape it as \\uXXXX)"),
    "unterminated_escape": (_E + b'"ab', b"\\", "unexpected_eof",
                            "unterminated escape at end of input"),
    "invalid_escape": (_E + b'"a', b'\\x41"]', "invalid_escape",
                       "invalid escape (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
    "truncated_u_escape": (_E + b'"', b"\\u12", "unexpected_eof",
                           "truncated \\uXXXX escape at end of input"),
    "invalid_u_hex": (_E + b'"', b'\\u12G4"]', "invalid_escape", "invalid \\uXXXX escape"),
    "short_u_escape": (_E + b'"', b'\\u12"]', "invalid_escape", "invalid \\uXXXX escape"),
    "lone_low_surrogate": (_E + b'"', b'\\udc00"]', "invalid_unicode_escape",
                           "unpaired low surrogate in \\u escape"),
    "lone_high_surrogate": (_E + b'"', b'\\ud800x"]', "invalid_unicode_escape",
                            "unpaired high surrogate in \\u escape"),
    "high_then_non_low": (_E + b'"', b'\\ud800\\u0041"]', "invalid_unicode_escape",
                          "high surrogate not followed by a low surrogate"),
    "truncated_surrogate_pair": (_E + b'"', b"\\ud83d", "unexpected_eof",
                                 "truncated surrogate pair at end of input"),
    "invalid_utf8_in_string": ('{"é":\n "caf'.encode(), b'\xe9"}', "invalid_utf8",
                               "invalid UTF-8 byte sequence"),
    "invalid_utf8_after_value": ('["ü"]\n'.encode(), b"\xff", "invalid_utf8",
                                 "invalid UTF-8 byte sequence"),
    # The object is level 1, so the 1024th '[' is one level too deep.
    "nesting_too_deep": ('{"é":\n'.encode() + b"[\n" * 1023, b"[1]" + b"]" * 1023 + b"}",
                         "nesting_too_deep", "nesting deeper than the limit of 1024"),
}


def line_column(data: bytes, offset: int):
    """1-based line and column (in characters) of byte `offset`: lines end
    at "\\n"; the text before the offset is always valid UTF-8 (the parser
    stops at the first invalid byte)."""
    before = data[:offset].decode("utf-8")
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1



class _Pairs(dict):
    """A dict that serializes its members in parse order, duplicates kept."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs

    def items(self):
        return self.pairs


def canonical(data: bytes, keep_duplicates: bool = False) -> bytes:
    """CPython's compact serialization of `data`; with `keep_duplicates`,
    objects keep every member in order (what a tape-based reader sees)."""
    hook = _Pairs if keep_duplicates else None
    value = json.loads(data.decode("utf-8"), object_pairs_hook=hook)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")




def _sorted_pairs(value):
    """`value` with every object's members stably sorted by key (what the
    tape's sort_keys does with duplicate keys; `json`'s own sort would
    compare the values of equal keys)."""
    if isinstance(value, _Pairs):
        members = ((k, _sorted_pairs(v)) for k, v in value.pairs)
        return _Pairs(sorted(members, key=lambda kv: kv[0]))
    if isinstance(value, list):
        return [_sorted_pairs(v) for v in value]
    return value


def dump_with(data: bytes, kwargs: dict, keep_duplicates: bool = False):
    """CPython's text for `data` under `kwargs` (with `keep_duplicates`,
    as `canonical`), or None when `json` refuses the value (a non-finite
    float without allow_nan)."""
    kwargs = dict(kwargs)
    hook = _Pairs if keep_duplicates else None
    value = json.loads(data.decode("utf-8"), object_pairs_hook=hook)
    if keep_duplicates and kwargs["sort_keys"]:
        value, kwargs["sort_keys"] = _sorted_pairs(value), False
    try:
        return json.dumps(value, **kwargs).encode("utf-8")
    except ValueError:
        return None


# What main() rewrites; everything else here (this script, README.md) stays.
GENERATED = ["manifest.tsv", "options.tsv", "errors.tsv", "valid", "invalid", "options", "errors"]


def write_valid_and_invalid(out: pathlib.Path) -> None:
    """valid/, invalid/ and manifest.tsv."""
    (out / "valid").mkdir()
    (out / "invalid").mkdir()
    lines = ["# kind\tname\terror_kind\tbyte_offset  (generated by tests/vectors/json/generate.py)"]
    for name, data in VALID.items():
        (out / "valid" / f"{name}.json").write_bytes(data)
        (out / "valid" / f"{name}.out").write_bytes(canonical(data))
        raw = canonical(data, keep_duplicates=True)
        if raw != canonical(data):
            # Duplicate keys: hosts building maps keep the last value (.out);
            # tape readers (Rust, C, C++) keep every member (.raw.out).
            (out / "valid" / f"{name}.raw.out").write_bytes(raw)
        lines.append(f"valid\t{name}")
    for name, (data, kind, offset) in INVALID.items():
        (out / "invalid" / f"{name}.json").write_bytes(data)
        lines.append(f"invalid\t{name}\t{kind}\t{offset}")
    (out / "manifest.tsv").write_text("\n".join(lines) + "\n")


def write_options(out: pathlib.Path) -> int:
    """options/ and options.tsv; returns the number of vectors."""
    (out / "options" / "inputs").mkdir(parents=True)
    lines = ["# name\tinput\toptions\texpected  (generated by tests/vectors/json/generate.py;"
             " formats in README.md)"]
    for input_name, source in OPTION_INPUTS.items():
        if isinstance(source, bytes):
            path = f"options/inputs/{input_name}.json"
            (out / path).write_bytes(source)
        else:
            path = source
        data = (out / path).read_bytes()
        for spec_name, spec in SPECS.items():
            name = f"{input_name}-{spec_name}"
            kwargs = spec_kwargs(spec)
            text = dump_with(data, kwargs)
            raw = dump_with(data, kwargs, keep_duplicates=True)
            if text is None:
                assert raw is None, name
                expected = "error:unserializable"
            else:
                expected = f"options/{name}.out"
                (out / expected).write_bytes(text)
                if raw != text:
                    (out / "options" / f"{name}.raw.out").write_bytes(raw)
            lines.append(f"{name}\t{path}\t{spec_text(spec)}\t{expected}")
    (out / "options.tsv").write_text("\n".join(lines) + "\n")
    return len(lines) - 1


def write_errors(out: pathlib.Path) -> int:
    """errors/ and errors.tsv; returns the number of vectors."""
    (out / "errors").mkdir()
    lines = ["# name\terror_kind\tbyte_offset\tline\tcolumn\tmessage  (generated by"
             " tests/vectors/json/generate.py; formats in README.md)"]
    for name, (before, after, kind, message) in ERRORS.items():
        data = before + after
        (out / "errors" / f"{name}.json").write_bytes(data)
        line, column = line_column(data, len(before))
        lines.append(f"{name}\t{kind}\t{len(before)}\t{line}\t{column}\t{message}")
    (out / "errors.tsv").write_text("\n".join(lines) + "\n")
    return len(lines) - 1


def write_all(out: pathlib.Path) -> str:
    """Writes every generated file into `out` (replacing earlier ones);
    returns a summary line."""
    for name in GENERATED:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    write_valid_and_invalid(out)
    options = write_options(out)
    errors = write_errors(out)
    return (f"{len(VALID)} valid, {len(INVALID)} invalid, {options} option and {errors} error"
            f" vectors")


def differences(a: pathlib.Path, b: pathlib.Path) -> list:
    """The generated files that differ between folders `a` and `b`."""
    def files(root):
        found = {}
        for name in GENERATED:
            path = root / name
            paths = sorted(path.rglob("*")) if path.is_dir() else [path]
            for p in paths:
                if p.is_file():
                    found[p.relative_to(root).as_posix()] = p.read_bytes()
        return found

    fa, fb = files(a), files(b)
    return sorted(k for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k))


def main(argv) -> int:
    """`generate.py` rewrites the vectors here; `generate.py --check`
    (for CI) regenerates them in a temporary folder and fails, naming the
    files, when the committed ones differ."""
    if argv == ["--check"]:
        with tempfile.TemporaryDirectory() as tmp:
            write_all(pathlib.Path(tmp))
            stale = differences(HERE, pathlib.Path(tmp))
        if stale:
            print("stale vectors (run tests/vectors/json/generate.py):", *stale, sep="\n  ")
            return 1
        print("vectors are up to date")
        return 0
    if argv:
        print(__doc__.split("\n\n")[0], "\nusage: generate.py [--check]", file=sys.stderr)
        return 2
    print(write_all(HERE), "written to", HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
