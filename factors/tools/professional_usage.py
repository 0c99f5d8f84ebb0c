"""Print the professional-use electricity defaults of the device profiles in profiles.yaml.

Devices whose profile takes its embodied figure from ADEME (Base Empreinte / NegaOctet via
Impact CO2) keep ADEME's power draw, applied to office hours instead of ADEME's personal-use
hours per day over 365 days:

    kWh/year = (W_active x hours per working day x WORKING_DAYS
                + W_low_power x (8760 h - active hours)) / 1000

Devices whose profile comes from manufacturers' PCFs (Boavizta environmental-footprint-data)
use the manufacturers' typical electricity consumption (ENERGY STAR TEC), which is already a
yearly figure for an office duty cycle including low-power modes; those figures are printed
by derive_from_boavizta.py, not here.

Assumptions (see factors/changes/profiles.md):
- WORKING_DAYS = 365 - 104 weekend days - 8 weekday public holidays - 25 days of annual leave
  = 228, the basis of the 1,607-hour legal working year of the French public service
  (decree 2000-815 of 25 August 2000, article 1, applied to local authorities by decree
  2001-623): 228 days x 7 h = 1,596 h, rounded to 1,600 h, plus the 7-hour solidarity day.
- OFFICE_HOURS = 8 h per working day for devices used all day (7 h of work plus start-up,
  breaks and meetings during which they stay on).
- LOW_POWER_W = 0.5 W the rest of the year for mains-powered devices left plugged in: the
  EU ecodesign ceiling for off mode of computers (Regulation (EU) No 617/2013) and for
  off/standby of household and office equipment (Regulation (EU) 2023/826, from May 2025).

Standard library only. Usage: python3 factors/tools/professional_usage.py
"""

HOURS_PER_YEAR = 8760.0
WORKING_DAYS = 228
OFFICE_HOURS = 8.0
LOW_POWER_W = 0.5

# id, active W, hours per working day, W the rest of the year, where the active W comes from
DEVICES = [
    ("laptop", 26.5, OFFICE_HOURS, LOW_POWER_W, "ADEME Impact CO2 active power"),
    ("monitor", 50.0, OFFICE_HOURS, LOW_POWER_W, "ADEME Impact CO2 active power"),
    ("television", 65.0, OFFICE_HOURS, LOW_POWER_W, "ADEME Impact CO2 active power"),
    ("smartphone", 4.5, 3.0, 0.0, "ADEME Impact CO2 power and hours/day"),
    ("tablet", 20.0, 2.5, 0.0, "ADEME Impact CO2 power and hours/day"),
    ("external_storage", 4.0, 2.0, 0.0, "ADEME Impact CO2 power and hours/day"),
    ("external_ssd", 0.5, 2.0, 0.0, "ADEME Impact CO2 power and hours/day"),
    ("usb_key", 0.2, 2.0, 0.0, "ADEME Impact CO2 power and hours/day"),
    ("feature_phone", 2.0, 1.0, 0.0, "assumption (Impact CO2 counts no use phase)"),
]

# Always-on devices: same in professional use.
ALWAYS_ON = [
    ("network_box", 8.0, "ADEME Impact CO2 (8 W x 24 h)"),
    ("desk_phone", 3.0, "assumption (PoE phone, always on)"),
]

# Projector: Impact CO2 publishes energy per day (36.5 kWh/year = 100 Wh/day), not W x h.
PROJECTOR_KWH_PER_DAY = 0.1


def main():
    print(f"{WORKING_DAYS} working days x {OFFICE_HOURS:g} h = {WORKING_DAYS * OFFICE_HOURS:g} office hours;"
          f" low-power {LOW_POWER_W:g} W for the other hours of plugged-in devices\n")
    for pid, watts, hours, low, origin in DEVICES:
        active_h = hours * WORKING_DAYS
        active = watts * active_h / 1000.0
        rest = low * (HOURS_PER_YEAR - active_h) / 1000.0
        print(f"{pid:<18} {watts:g} W x {hours:g} h x {WORKING_DAYS} d = {active:.4g} kWh"
              f" + {low:g} W x {HOURS_PER_YEAR - active_h:g} h = {rest:.4g} kWh"
              f"  -> {active + rest:.4g} kWh/year   ({origin})")
    for pid, watts, origin in ALWAYS_ON:
        print(f"{pid:<18} {watts:g} W x 24 h x 365 d -> {watts * HOURS_PER_YEAR / 1000.0:.4g} kWh/year   ({origin})")
    on_days = PROJECTOR_KWH_PER_DAY * WORKING_DAYS
    standby = LOW_POWER_W * HOURS_PER_YEAR / 1000.0
    print(f"{'projector':<18} {PROJECTOR_KWH_PER_DAY * 1000:g} Wh x {WORKING_DAYS} d = {on_days:.4g} kWh"
          f" + {LOW_POWER_W:g} W x {HOURS_PER_YEAR:g} h (upper bound) = {standby:.4g} kWh"
          f"  -> {on_days + standby:.4g} kWh/year   (Impact CO2 daily energy)")


if __name__ == "__main__":
    main()
