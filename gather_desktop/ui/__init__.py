"""Every Qt widget, model and worker lives here; nothing outside `ui/` and `app.py` imports Qt."""
