"""MkDocs hooks: thin glue between MkDocs events, the evaluator's typed loaders and the Jinja partials."""
