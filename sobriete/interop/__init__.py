"""Imports from and exports to other tools: GLPI asset exports, NumÉcoÉval files, manufacturer PCFs."""
