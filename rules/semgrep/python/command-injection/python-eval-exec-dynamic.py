import ast
import sys

expr = sys.argv[1]

# ruleid: python-eval-exec-dynamic
result = eval(expr)

# ruleid: python-eval-exec-dynamic
exec(open("plugin.py").read())

# ok: python-eval-exec-dynamic
value = eval("1 + 2")

# ok: python-eval-exec-dynamic
data = ast.literal_eval(expr)
