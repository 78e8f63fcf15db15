"""Benchmarks of the course's reference pipelines against peers: quality, speed and scale, notebook run times.

One command runs the default set and writes benchmarks/results/ (CSV and Markdown): ``python -m benchmarks.run``.
"""
