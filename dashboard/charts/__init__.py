"""Pure chart builders: a frame in, a Plotly figure out. No Streamlit, no I/O.

Colours are fixed by meaning (run, walk, impact day, rest day...) and chosen from ColorBrewer's
Dark2, which keeps contrast on both the light and the dark theme; everything else (background,
fonts, grid) is left to the Streamlit theme so the figures follow light and dark.
"""
