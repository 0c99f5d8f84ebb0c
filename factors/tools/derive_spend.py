"""Print the derivation of the shipped spend.* intensities and their cross-checks (standard library only).

Shipped: ADEME's monetary ratios of vintage 2023 (Base Carbone v23.6 / Base
Empreinte, "Achats de services > Ratios monétaires", kgCO2e per thousand 2023
euros excluding VAT), stored per euro of 2023 (currency_year 2023). The engine
converts them to the inventory year's euros with the French HICP of
factors/price_index.yaml; the table below shows that conversion as a check.

Cross-check: US EPA "Supply Chain Greenhouse Gas Emission Factors v1.2 by
NAICS-6" (USEEIO, kgCO2e per 2021 USD, purchaser price, with margins),
converted to 2021 euros with the ECB 2021 average rate and then to 2023 euros
with the HICP. The telecom ratio is also compared with the physical cross-check
written in its notes.

Usage:
    python3 factors/tools/derive_spend.py
"""

# ADEME, Base Carbone v23.6, ratios monétaires 2023, France continentale, kgCO2e/k€ (2023) HT.
# https://base-empreinte.ademe.fr
ADEME_2023 = {
    "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)": 75,
    "Services de télécommunications – 2023 (NAF J61)": 136,
}

# shipped id -> ADEME element used
SHIPPED = {
    "spend.it_services": "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)",
    "spend.saas": "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)",
    "spend.colocation": "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)",
    "spend.cloud_vm": "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)",
    "spend.cloud_storage": "Programmation, conseil IT / Services d'information – 2023 (NAF J62-J63, element 43445)",
    "spend.telecom": "Services de télécommunications – 2023 (NAF J61)",
}

# US EPA, Supply Chain GHG Emission Factors v1.2 by NAICS-6, kg CO2e / 2021 USD, purchaser price,
# with margins (software publishers: 0.043 without margins).
# https://catalog.data.gov/dataset/supply-chain-greenhouse-gas-emission-factors-v1-2-by-naics-6
USEEIO_V12 = {
    "spend.it_services": ("541511 Custom Computer Programming 0.097, 541512 Computer Systems Design 0.077", (0.097, 0.077)),
    "spend.saas": ("511210 Software Publishers 0.097 (0.043 without margins)", (0.097,)),
    "spend.colocation": ("518210 Data Processing, Hosting, and Related Services 0.148", (0.148,)),
    "spend.cloud_vm": ("518210 Data Processing, Hosting, and Related Services 0.148", (0.148,)),
    "spend.cloud_storage": ("518210 Data Processing, Hosting, and Related Services 0.148", (0.148,)),
    "spend.telecom": ("517311 Wired Telecommunications Carriers 0.082, 517312 Wireless 0.168", (0.082, 0.168)),
}

# ECB euro reference rate, US dollars per euro, 2021 annual average.
USD_PER_EUR_2021 = 1.1827

# Eurostat prc_hicp_aind, INX_A_AVG, CP00, FR, 2015 = 100 (same figures as factors/price_index.yaml).
HICP_FR = {2021: 107.68, 2022: 114.04, 2023: 120.50, 2024: 123.29, 2025: 124.43}

# Physical cross-check of spend.telecom (its notes): an average French 4G customer uses
# 16 GB/month (Arcep, Q1 2024) x 24.68 gCO2e/GB (network.mobile, NegaOctet via Impact CO2)
# for a plan of about 15 EUR/month including 20 % VAT.
TELECOM_GB_PER_MONTH = 16
MOBILE_G_PER_GB = 24.68
PLAN_EUR_PER_MONTH = 15
VAT = 0.20
OLD_RATIO = 0.11  # ADEME "Achat de services", 1990 data, the value replaced


def main():
    print("Shipped (ADEME 2023 ratios, kgCO2e/k€ (2023) HT / 1000 = kgCO2e per 2023 euro):")
    shipped = {}
    for factor_id, element in SHIPPED.items():
        shipped[factor_id] = ADEME_2023[element] / 1000
        print(f"  {factor_id:20s} {shipped[factor_id]:.3f}  <- {element}: {ADEME_2023[element]}")

    years = sorted(y for y in HICP_FR if y >= 2023)
    print("\nIn the euros of the inventory year: value x HICP[2023] / HICP[Y]")
    print("  " + " " * 20 + "".join(f"{y:>9d}" for y in years))
    for factor_id, value in shipped.items():
        print(f"  {factor_id:20s}" + "".join(f"{value * HICP_FR[2023] / HICP_FR[y]:9.4f}" for y in years))

    print(f"\nCross-check, USEEIO v1.2: kgCO2e/USD2021 x {USD_PER_EUR_2021} USD/EUR x HICP[2021]/HICP[2023]")
    for factor_id, (label, rows) in USEEIO_V12.items():
        usd = sum(rows) / len(rows)
        eur2023 = usd * USD_PER_EUR_2021 * HICP_FR[2021] / HICP_FR[2023]
        print(f"  {factor_id:20s} {usd:.4f} -> {eur2023:.4f} per 2023 euro (ADEME {shipped[factor_id]:.3f}; "
              f"ratio {eur2023 / shipped[factor_id]:.2f})  [{label}]")

    cross = TELECOM_GB_PER_MONTH * MOBILE_G_PER_GB / 1000 / PLAN_EUR_PER_MONTH
    cross_ht = cross * (1 + VAT)
    tel_2024 = shipped["spend.telecom"] * HICP_FR[2023] / HICP_FR[2024]
    print(f"\nTelecom physical cross-check: {TELECOM_GB_PER_MONTH} GB x {MOBILE_G_PER_GB} g / {PLAN_EUR_PER_MONTH} EUR"
          f" = {cross:.4f} kgCO2e per euro paid, {cross_ht:.4f} per euro excluding VAT (network traffic only)")
    print(f"  old ratio {OLD_RATIO} / cross-check = {OLD_RATIO / cross:.1f}")
    print(f"  new ratio in 2024 euros {tel_2024:.4f} / cross-check = {tel_2024 / cross:.1f}"
          f" ({tel_2024 / cross_ht:.1f} per euro excluding VAT)")


if __name__ == "__main__":
    main()
