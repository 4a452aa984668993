"""From templates and facts to document blocks: Jinja2 environment, template context, Markdown conversion, assembly."""
