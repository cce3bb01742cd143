"""The Add Integration wizard: its pages, its draft state and how it moves between pages."""
