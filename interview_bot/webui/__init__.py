"""Pieces of the web page that need no Gradio: the score card, progress chips and the score chart."""
