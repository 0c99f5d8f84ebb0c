"""Print the derivation of the shipped spend.* intensities (standard library only).

The spend ratios come from the US EPA "Supply Chain Greenhouse Gas Emission
Factors v1.2 by NAICS-6" (USEEIO-based, public domain), in kgCO2e per 2021 US
dollar at purchaser prices, "with margins" column. They are converted to
kgCO2e per 2021 euro with the ECB's 2021 average reference rate, then shown in
the euros of later inventory years with the French HICP of
factors/price_index.yaml (the engine does that deflation at run time; the
table here is only a check). The telecom ratio is compared with the physical
cross-check written in its notes.

Usage:
    python3 factors/tools/derive_spend.py
"""

# US EPA, Supply Chain GHG Emission Factors v1.2 by NAICS-6, kg CO2e / 2021 USD,
# purchaser price: (without margins, margins, with margins).
# https://catalog.data.gov/dataset/supply-chain-greenhouse-gas-emission-factors-v1-2-by-naics-6
USEEIO_V12 = {
    "511210 Software Publishers": (0.043, 0.053, 0.097),
    "517311 Wired Telecommunications Carriers": (0.082, 0.0, 0.082),
    "517312 Wireless Telecommunications Carriers (except Satellite)": (0.168, 0.0, 0.168),
    "517919 All Other Telecommunications (USEEIO 517A00)": (0.125, 0.0, 0.125),
    "518210 Data Processing, Hosting, and Related Services": (0.148, 0.0, 0.148),
    "541511 Custom Computer Programming Services": (0.097, 0.0, 0.097),
    "541512 Computer Systems Design Services": (0.077, 0.0, 0.077),
    "541513/541519 Computer Facilities Management / Other Computer Related (USEEIO 54151A)": (0.087, 0.0, 0.087),
}

# ECB euro foreign exchange reference rate, US dollar per euro, 2021 annual average.
# https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/eurofxref-graph-usd.en.html
USD_PER_EUR_2021 = 1.1827

# Eurostat prc_hicp_aind, INX_A_AVG, CP00, FR, 2015 = 100 (same figures as factors/price_index.yaml).
HICP_FR = {2021: 107.68, 2022: 114.04, 2023: 120.50, 2024: 123.29, 2025: 124.43}

# shipped id -> (NAICS rows averaged, column of USEEIO_V12 used: 2 = with margins)
MAPPING = {
    "spend.saas": ["511210 Software Publishers"],
    "spend.colocation": ["518210 Data Processing, Hosting, and Related Services"],
    "spend.cloud_vm": ["518210 Data Processing, Hosting, and Related Services"],
    "spend.cloud_storage": ["518210 Data Processing, Hosting, and Related Services"],
    "spend.telecom": [
        "517311 Wired Telecommunications Carriers",
        "517312 Wireless Telecommunications Carriers (except Satellite)",
    ],
    "spend.it_services": [
        "541511 Custom Computer Programming Services",
        "541512 Computer Systems Design Services",
    ],
}

# Physical cross-check of spend.telecom (its notes): an average French 4G customer
# uses 16 GB/month (Arcep, Q1 2024) x 24.68 gCO2e/GB (network.mobile, NegaOctet via
# Impact CO2) for a plan of about 15 EUR/month.
TELECOM_GB_PER_MONTH = 16
MOBILE_G_PER_GB = 24.68
PLAN_EUR_PER_MONTH = 15
OLD_RATIO = 0.11  # ADEME "Achat de services", 1990 data, the value replaced


def main():
    print("kgCO2e per 2021 USD (with margins) -> kgCO2e per 2021 EUR (x %.4f USD/EUR)" % USD_PER_EUR_2021)
    shipped = {}
    for factor_id, rows in MAPPING.items():
        usd = sum(USEEIO_V12[r][2] for r in rows) / len(rows)
        eur = round(usd * USD_PER_EUR_2021, 3)
        shipped[factor_id] = eur
        print(f"  {factor_id:20s} mean of {len(rows)} row(s) = {usd:.4f} kgCO2e/USD2021 -> {eur:.3f} kgCO2e/EUR2021")
        for r in rows:
            print(f"      {r}: {USEEIO_V12[r][2]}")
    saas_low = round(USEEIO_V12["511210 Software Publishers"][0] * USD_PER_EUR_2021, 3)
    print(f"  (spend.saas without the distribution margins: {saas_low:.3f} kgCO2e/EUR2021)")

    print("\nIn the euros of the inventory year: value x HICP[2021] / HICP[Y]")
    years = sorted(y for y in HICP_FR if y > 2021)
    print("  " + " " * 20 + "".join(f"{y:>9d}" for y in years))
    for factor_id, eur in shipped.items():
        print(f"  {factor_id:20s}" + "".join(f"{eur * HICP_FR[2021] / HICP_FR[y]:9.4f}" for y in years))

    cross = TELECOM_GB_PER_MONTH * MOBILE_G_PER_GB / 1000 / PLAN_EUR_PER_MONTH
    tel_2024 = shipped["spend.telecom"] * HICP_FR[2021] / HICP_FR[2024]
    print(f"\nTelecom physical cross-check: {TELECOM_GB_PER_MONTH} GB x {MOBILE_G_PER_GB} g / {PLAN_EUR_PER_MONTH} EUR"
          f" = {cross:.4f} kgCO2e/EUR (network use only)")
    print(f"  old ratio {OLD_RATIO} / cross-check = {OLD_RATIO / cross:.1f}")
    print(f"  new ratio in 2024 euros {tel_2024:.4f} / cross-check = {tel_2024 / cross:.1f}")


if __name__ == "__main__":
    main()
