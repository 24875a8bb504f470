"""Figures for the cards: the embedded JHU snapshot, the live disease.sh client."""
